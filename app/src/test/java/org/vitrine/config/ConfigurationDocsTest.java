package org.vitrine.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** ConfigurationDocsTest: docs/configuration.md documents exactly the settings of the registry, as they are. */
class ConfigurationDocsTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(VITRINE_[A-Z0-9_]+)` \\| (.*?) \\| (.*) \\|$");
    private static final Pattern ANY_VARIABLE = Pattern.compile("VITRINE_[A-Z0-9_]+");

    @Test
    void every_setting_has_a_row_and_every_row_is_a_setting() throws IOException {
        var documented = rows().keySet();

        assertThat(documented).as("variables in the table of docs/configuration.md")
                .containsExactlyInAnyOrderElementsOf(Settings.ALL.stream().map(Setting::variable).toList());
    }

    @Test
    void no_variable_mentioned_anywhere_in_the_page_is_unknown_to_the_registry() throws IOException {
        var mentioned = new TreeSet<String>();
        ANY_VARIABLE.matcher(Files.readString(page())).results().forEach(m -> mentioned.add(m.group()));

        assertThat(Settings.ALL.stream().map(Setting::variable).toList()).containsAll(mentioned);
    }

    @Test
    void each_row_shows_the_registry_default_and_the_allowed_values() throws IOException {
        var rows = rows();
        for (Setting<?> setting : Settings.ALL) {
            String[] row = rows.get(setting.variable());
            assertThat(row[0]).as("default of " + setting.variable()).isEqualTo(setting.fallback().shown());
            for (String allowed : allowedAsWritten(setting.type())) {
                assertThat(row[1]).as("meaning of " + setting.variable() + " states what is allowed")
                        .contains(allowed);
            }
        }
    }

    /** How the page writes what a type allows: ranges with an en dash, choices as code. */
    private static List<String> allowedAsWritten(SettingType<?> type) {
        return switch (type) {
            case SettingType.WholeNumber n -> List.of(n.min() + "–" + n.max());
            case SettingType.OneOf o -> o.choices().stream().map(c -> "`" + c + "`").toList();
            case SettingType.Option<?> o -> List.of(o.allowed().split(", ")).stream().map(c -> "`" + c + "`")
                    .toList();
            default -> List.of();
        };
    }

    /** The table's rows by variable: default, meaning. */
    private static Map<String, String[]> rows() throws IOException {
        var rows = new LinkedHashMap<String, String[]>();
        for (String line : Files.readAllLines(page())) {
            var row = ROW.matcher(line);
            if (row.matches()) {
                assertThat(rows.put(row.group(1), new String[] {row.group(2), row.group(3)}))
                        .as(row.group(1) + " has one row").isNull();
            }
        }
        return rows;
    }

    private static Path page() {
        // Maven runs the tests in app/; the page is in the repository's docs/.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path page = dir.resolve("docs/configuration.md");
            if (Files.isRegularFile(page)) {
                return page;
            }
        }
        throw new AssertionError("docs/configuration.md not found above " + Path.of("").toAbsolutePath());
    }
}
