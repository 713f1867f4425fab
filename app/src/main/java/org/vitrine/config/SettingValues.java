package org.vitrine.config;

import java.util.HashMap;
import java.util.Map;

/** SettingValues holds the settings read so far, for defaults derived from other settings. */
final class SettingValues {
    private final Map<Setting<?>, Object> values = new HashMap<>();

    <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting)) {
            // A registry mistake, caught by any test that reads a configuration.
            throw new IllegalStateException(setting.variable() + " is used by a default before it is read: "
                    + "move it above its users in Settings.ALL");
        }
        @SuppressWarnings("unchecked")
        T value = (T) values.get(setting);
        return value;
    }

    Object valueOf(Setting<?> setting) {
        return get(setting);
    }

    <T> void put(Setting<T> setting, T value) {
        values.put(setting, value);
    }
}
