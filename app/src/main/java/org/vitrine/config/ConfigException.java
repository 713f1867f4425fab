package org.vitrine.config;

/** ConfigException says which setting is wrong and what it should be. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
