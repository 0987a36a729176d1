package org.bayard.app.config;

/** The configuration file is missing, unreadable or wrong; the message says where and why. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
