package org.bayard.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bayard.app.AppContext;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.ConfigDump;
import org.bayard.app.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Check a configuration file, or print the defaults or the configuration in effect.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Defaults.class, ConfigCommand.Show.class})
public final class ConfigCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new org.bayard.app.MissingSubcommand(spec.commandLine());
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = "Read a configuration file (- for standard input) and report the first problem, if any.")
    public static final class Check implements Callable<Integer> {
        private final AppContext ctx;
        @Parameters(arity = "1", paramLabel = "FILE") Path file;

        public Check(AppContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws java.io.IOException {
            // - is standard input, as for every other command: a template tool's output, checked before it is written out
            org.bayard.app.config.BayardConfig config = file.toString().equals("-")
                    ? ConfigLoader.parse(ctx.in().readNBytes(ConfigLoader.MAX_BYTES + 1), file)
                    : ConfigLoader.load(file);
            // accepted, but the X-Spam-* fields would not say what the postmaster meant
            for (String w : org.bayard.app.config.HeaderAgreement.warnings(config)) ctx.err().println("bayard: " + file + ": warning: " + w);
            // the files serve reads at its start and at each reload: a renewal gone wrong is found before the SIGHUP
            org.bayard.app.gate.GateTlsFiles.nextHop(config.smtp());
            warnIfExpired("STARTTLS's", org.bayard.app.gate.GateTlsFiles.startTls(config.smtp())
                    .map(id -> new Expiry(id.expires(), id.describe())));
            warnIfExpired("HTTPS's", config.http().flatMap(org.bayard.app.desk.Desk::certificate)
                    .map(h -> new Expiry(h.expires(), h.described())));
            warnIfExpired("spamd's TLS", config.spamd().flatMap(org.bayard.app.spamd.SpamdDoor::certificate)
                    .map(id -> new Expiry(id.expires(), id.describe())));
            config.milter().ifPresent(m -> warnIfNoFolder("milter.listen", m.address()));
            config.spamd().ifPresent(d -> warnIfNoFolder("spamd.listen", d.address()));
            ctx.out().println(file + ": ok");
            return 0;
        }

        /** A Unix socket serve could not make: found now, not when a start fails. */
        private void warnIfNoFolder(String key, org.bayard.net.ListenAddress at) {
            if (at instanceof org.bayard.net.ListenAddress.Unix unix && !java.nio.file.Files.isDirectory(unix.path().getParent())) {
                ctx.err().println("bayard: " + file + ": warning: " + key + ": the folder " + unix.path().getParent()
                        + " does not exist, so serve could not listen there (systemd's RuntimeDirectory=bayard makes /run/bayard)");
            }
        }

        /** A certificate's expiry, and the certificate in words. */
        private record Expiry(java.time.Instant at, String described) {}

        private void warnIfExpired(String whose, java.util.Optional<Expiry> certificate) {
            certificate.filter(c -> c.at().isBefore(ctx.clock().instant()))
                    .ifPresent(c -> ctx.err().println("bayard: " + file + ": warning: " + whose + " certificate has expired: " + c.described()));
        }
    }

    @Command(name = "defaults", mixinStandardHelpOptions = true,
            description = {"Print every configuration key with its default value, as YAML (as postconf -d does).",
                    "The output is a valid configuration that loads to exactly the defaults; keys with no value "
                            + "(paths chosen beside the store) are null, with a comment saying what that means. "
                            + "The http: section has no default (its users need password hashes) and is printed commented out."})
    public static final class Defaults implements Callable<Integer> {
        private final AppContext ctx;

        public Defaults(AppContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ctx.out().println("# Bayard's defaults: every key with its value ('bayard config defaults').");
            ctx.out().println("# A configuration file needs only the keys it changes; check one with 'bayard config check FILE'.");
            ctx.out().print(ConfigDump.yaml(BayardConfig.DEFAULTS));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Print the configuration in effect, as YAML: every key, with the file's value or else the default "
                    + "(as rspamadm configdump does).",
                    "The file is --config, else $BAYARD_CONFIG; with neither, the defaults. It is checked first, as by "
                            + "'bayard config check'. Password hashes of http.users are printed as the file has them."})
    public static final class Show implements Callable<Integer> {
        private final AppContext ctx;
        @Mixin ConfigOption config;

        public Show(AppContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Path file = config.file(ctx);
            BayardConfig loaded = config.config(ctx);
            // a line break in the file's name would end the comment and leave the rest as YAML
            ctx.out().println(file == null
                    ? "# No configuration file (neither --config nor $BAYARD_CONFIG): the defaults ('bayard config show')."
                    : "# The configuration " + file.toString().replaceAll("\\p{Cntrl}", "?") + " gives: its values, and the defaults of the keys it leaves out"
                            + " ('bayard config show').");
            ctx.out().print(ConfigDump.yaml(loaded));
            return 0;
        }
    }
}
