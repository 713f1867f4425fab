package org.vitrine.config;

import java.util.Map;
import java.util.function.Function;

/**
 * Setting is one line of the registry in {@link Settings}: an environment variable, the {@link Config} component
 * it fills, its type (which says what is allowed), its default and one line of documentation.
 *
 * @param component the Config component it fills; null for a setting that ./vitrine reads before Java starts
 *                  (through {@link WebJvmOptions}), which no Java process holds
 * @param fallback  the value when the variable is unset or blank
 */
record Setting<T>(String variable, String component, SettingType<T> type, Default<T> fallback, String doc) {

    /**
     * Default is a setting's value when its variable is not set: a constant, or derived from the settings read
     * before it or from the machine.
     *
     * @param shown   how the documentation and the help show it, e.g. {@code `8080`} or {@code 40% of the memory}
     * @param derived whether it depends on the machine or on other settings (the help then shows its value here)
     */
    record Default<T>(String shown, boolean derived, Function<SettingValues, T> value) {
    }

    /** A setting with a constant default, given as the text a user would write (empty for none). */
    static <T> Setting<T> of(String variable, String component, SettingType<T> type, String defaultText,
                             String doc) {
        var fallback = new Default<T>(defaultText.isEmpty() ? "empty" : "`" + defaultText + "`", false,
                values -> type.parse(variable, defaultText));
        return new Setting<>(variable, component, type, fallback, doc);
    }

    /** A setting whose default is derived; {@code shown} says how, in the words of docs/configuration.md. */
    static <T> Setting<T> derived(String variable, String component, SettingType<T> type, String shown,
                                  Function<SettingValues, T> fallback, String doc) {
        return new Setting<>(variable, component, type, new Default<>(shown, true, fallback), doc);
    }

    /** A setting that ./vitrine reads before Java starts, so it fills no Config component. */
    static <T> Setting<T> forLauncher(String variable, SettingType<T> type, String shown,
                                      Function<SettingValues, T> fallback, String doc) {
        return new Setting<>(variable, null, type, new Default<>(shown, true, fallback), doc);
    }

    boolean inConfig() {
        return component != null;
    }

    T read(Map<String, String> env, SettingValues earlier) {
        String text = env.get(variable);
        if (text == null || text.isBlank()) {
            return fallback.value().apply(earlier);
        }
        return type.parse(variable, text.trim());
    }

    /** The text of {@code value}, a value of this setting read back from a Config accessor. */
    @SuppressWarnings("unchecked")
    String format(Object value) {
        return type.format((T) value);
    }
}
