package org.vitrine.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * SettingType turns the text of an environment variable into a typed value and back, and says in words which
 * values it accepts, so a wrong value is refused with the variable, the allowed values and what it got.
 */
sealed interface SettingType<T> {

    /** The value of {@code text} (never blank); a {@link ConfigException} naming {@code variable} if it is wrong. */
    T parse(String variable, String text);

    /** The text that parses back to {@code value}: how a configuration is written into a worker's environment. */
    default String format(T value) {
        return String.valueOf(value);
    }

    /** What is allowed, for the help, e.g. "1 to 16 threads"; empty when anything goes. */
    String allowed();

    /** The Java type of the value, which must be the type of the Config component the setting fills. */
    Class<?> javaType();

    static SettingType<String> text() {
        return new Text();
    }

    static SettingType<Integer> wholeNumber(int min, int max, String unit) {
        return new WholeNumber(min, max, unit);
    }

    static SettingType<String> oneOf(String... choices) {
        return new OneOf(List.of(choices));
    }

    static <E extends Enum<E>> SettingType<E> option(Class<E> type) {
        return new Option<>(type);
    }

    static SettingType<Long> byteSize(long min) {
        return new ByteSize(min);
    }

    static SettingType<Path> folder() {
        return new Folder();
    }

    static SettingType<URI> webAddress() {
        return new WebAddress();
    }

    static SettingType<List<String>> ipAddresses() {
        return new IpAddresses();
    }

    /** IP addresses or CIDR blocks, separated by commas; empty for none. */
    record IpAddresses() implements SettingType<List<String>> {
        @Override
        public List<String> parse(String variable, String text) {
            var entries = Arrays.stream(text.split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList();
            for (String entry : entries) {
                if (!entry.matches("[0-9A-Fa-f:.]+(/[0-9]{1,3})?")) {
                    throw new ConfigException(variable + " must list " + allowed() + "; got '" + entry + "'");
                }
            }
            return entries;
        }

        @Override
        public String format(List<String> value) {
            return String.join(",", value);
        }

        @Override
        public String allowed() {
            return "IP addresses or CIDR blocks (like 127.0.0.1, 10.0.0.0/8), separated by commas";
        }

        @Override
        public Class<?> javaType() {
            return List.class;
        }
    }

    /** Any text. */
    record Text() implements SettingType<String> {
        @Override
        public String parse(String variable, String text) {
            return text;
        }

        @Override
        public String allowed() {
            return "";
        }

        @Override
        public Class<?> javaType() {
            return String.class;
        }
    }

    /** A whole number between {@code min} and {@code max}, both included, in {@code unit}. */
    record WholeNumber(int min, int max, String unit) implements SettingType<Integer> {
        @Override
        public Integer parse(String variable, String text) {
            int value;
            try {
                value = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new ConfigException(variable + " must be a whole number from " + allowed() + ", got '"
                        + text + "'");
            }
            if (value < min || value > max) {
                throw new ConfigException(variable + " must be from " + allowed() + ", got " + value);
            }
            return value;
        }

        @Override
        public String allowed() {
            return min + " to " + max + (unit.isEmpty() ? "" : " " + unit);
        }

        @Override
        public Class<?> javaType() {
            return int.class;
        }
    }

    /** One of a few words. */
    record OneOf(List<String> choices) implements SettingType<String> {
        @Override
        public String parse(String variable, String text) {
            if (choices.contains(text)) {
                return text;
            }
            throw new ConfigException(variable + " must be one of " + allowed() + ", got '" + text + "'");
        }

        @Override
        public String allowed() {
            return String.join(", ", choices);
        }

        @Override
        public Class<?> javaType() {
            return String.class;
        }
    }

    /** One of an enum's constants, written in lower case. */
    record Option<E extends Enum<E>>(Class<E> type) implements SettingType<E> {
        @Override
        public E parse(String variable, String text) {
            return Arrays.stream(type.getEnumConstants()).filter(e -> format(e).equals(text)).findFirst()
                    .orElseThrow(() -> new ConfigException(variable + " must be one of " + allowed() + ", got '"
                            + text + "'"));
        }

        @Override
        public String format(E value) {
            return value.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public String allowed() {
            return String.join(", ", Arrays.stream(type.getEnumConstants()).map(this::format).toList());
        }

        @Override
        public Class<?> javaType() {
            return type;
        }
    }

    /**
     * A size in bytes written with a unit, like 500MB or 2GB (KB, MB, GB and TB count in 1024s; KiB, MiB, GiB and
     * TiB are accepted as the same), or a plain number of bytes; at least {@code min} bytes.
     */
    record ByteSize(long min) implements SettingType<Long> {
        private static final Pattern FORM =
                Pattern.compile("([0-9]{1,15})\\s*([KMGT]i?B|B)?", Pattern.CASE_INSENSITIVE);

        @Override
        public Long parse(String variable, String text) {
            var match = FORM.matcher(text);
            if (!match.matches()) {
                throw new ConfigException(variable + " must be " + allowed() + ", got '" + text + "'");
            }
            long number = Long.parseLong(match.group(1));
            String unit = match.group(2) == null ? "B" : match.group(2).toUpperCase(Locale.ROOT);
            int shift = switch (unit.charAt(0)) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                default -> 0;
            };
            if (number > (Long.MAX_VALUE >> shift)) {
                throw new ConfigException(variable + " is too large, got '" + text + "'");
            }
            long bytes = number << shift;
            if (bytes < min) {
                throw new ConfigException(variable + " must be at least " + format(min) + ", got '" + text + "'");
            }
            return bytes;
        }

        @Override
        public String format(Long value) {
            for (String unit : new String[] {"TB", "GB", "MB", "KB"}) {
                int shift = switch (unit.charAt(0)) {
                    case 'T' -> 40;
                    case 'G' -> 30;
                    case 'M' -> 20;
                    default -> 10;
                };
                if (value != 0 && value % (1L << shift) == 0) {
                    return (value >> shift) + unit;
                }
            }
            return String.valueOf(value);
        }

        @Override
        public String allowed() {
            return "a size like 500MB or 2GB, at least " + format(min);
        }

        @Override
        public Class<?> javaType() {
            return long.class;
        }
    }

    /** A folder, relative to the working directory unless absolute; held as an absolute path. */
    record Folder() implements SettingType<Path> {
        @Override
        public Path parse(String variable, String text) {
            try {
                return Path.of(text).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                throw new ConfigException(variable + " must be a folder path, got '" + text + "'");
            }
        }

        @Override
        public String allowed() {
            return "a folder";
        }

        @Override
        public Class<?> javaType() {
            return Path.class;
        }
    }

    /** An http:// or https:// address, held without a trailing slash so paths can be appended to it. */
    record WebAddress() implements SettingType<URI> {
        @Override
        public URI parse(String variable, String text) {
            String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
            try {
                URI uri = new URI(trimmed);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // refused below, in the same words as an address without a scheme
            }
            throw new ConfigException(variable + " must be " + allowed() + ", got '" + text + "'");
        }

        @Override
        public String allowed() {
            return "an http:// or https:// address";
        }

        @Override
        public Class<?> javaType() {
            return URI.class;
        }
    }
}
