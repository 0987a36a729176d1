/**
 * Features: what the tokenizer makes of a message, named by origin ({@code subject:free},
 * {@code url:example.com}, {@code osb1:free money}) and hashed to
 * 64 bits by {@link org.bayard.core.token.FeatureHash}.
 *
 * <p>Owns: the feature names and their hash, which stores persist (any change bumps
 * {@link org.bayard.core.token.Tokenizer#VERSION}); one small class per stage, assembled in
 * {@code MessageFeatures}; the per-message feature set.
 *
 * <p>Must never: parse MIME itself (that is {@code org.bayard.core.mail}), see anything but
 * the message bytes (no file name, path, envelope or time, so the same message always gives
 * the same features), throw on any message, or allocate a String per feature on the scoring
 * path (names are kept only by {@link org.bayard.core.token.Features#explaining(int)}).
 */
package org.bayard.core.token;
