/**
 * The YAML configuration: every key has a default, documented in {@code config/bayard.yaml}
 * (a test keeps the two equal). Unknown keys and wrong types are errors naming the key; a typo
 * never falls back to a default silently.
 */
package org.bayard.app.config;
