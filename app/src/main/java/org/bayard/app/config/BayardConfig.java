package org.bayard.app.config;

import java.util.Optional;
import org.bayard.core.classify.ClassifierParams;
import org.bayard.core.mail.MailLimits;
import org.bayard.core.policy.PolicyParams;
import org.bayard.core.train.AutolearnParams;
import org.bayard.store.redis.RedisSettings;

/**
 * The whole configuration, as read from the YAML file; every value has a default (see
 * {@code config/bayard.yaml} in the repository for the documented defaults).
 *
 * @param db the store directory, when the file names one
 * @param autolearn when the filter may learn from its own judgements; off by default
 * @param policy points, thresholds and actions of the policy chain
 * @param smtp the SMTP gate ({@code bayard serve})
 * @param http the HTTP API and moderation page of {@code bayard serve}; none unless configured
 * @param store what {@code bayard serve} prunes of the store by itself; nothing by default
 * @param spamd the spamc/spamd protocol of {@code bayard serve}; none unless configured
 * @param milter the milter protocol of {@code bayard serve}; none unless configured
 * @param redis the Redis holding the token store, shared by many nodes; none (the LMDB store in {@code db}) unless configured
 * @param nntp the Usenet gateway of {@code bayard serve} and {@code bayard news-gate}; none unless configured
 */
public record BayardConfig(Optional<String> db, ClassifierParams classifier, MailLimits limits, AutolearnParams autolearn,
                           PolicyParams policy, GateConfig smtp, Optional<HttpConfig> http, StoreParams store,
                           Optional<SpamdConfig> spamd, Optional<MilterConfig> milter,
                           Optional<RedisSettings> redis, Optional<NntpConfig> nntp) {

    public static final BayardConfig DEFAULTS = new BayardConfig(Optional.empty(), ClassifierParams.DEFAULTS, MailLimits.DEFAULT,
            AutolearnParams.DEFAULTS, PolicyParams.DEFAULTS, GateConfig.DEFAULTS, Optional.empty(), StoreParams.DEFAULTS, Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());
}
