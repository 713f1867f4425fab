package org.vitrine.place;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SearchWords turns place names and what the owner types into the same form: lower case, without diacritics
 * ("Zürich" and "zurich" meet), punctuation as spaces. A name is found by the start of any of its words.
 */
final class SearchWords {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_LETTERS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private SearchWords() {
    }

    /** "Sant Julià de Lòria" → "sant julia de loria"; letters NFD cannot take apart (ł, ø, ß) are kept as typed. */
    static String normalize(String text) {
        String plain = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        return NOT_LETTERS.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }

    /**
     * The word-starts a place is found by: each suffix of its normalized name and ASCII name that starts at a
     * word ("ciudad juarez", "juarez"); short words such as "de" are left out as starts.
     */
    static Set<String> starts(String name, String asciiName) {
        Set<String> starts = new LinkedHashSet<>();
        for (String form : new String[] {normalize(name), normalize(asciiName)}) {
            if (form.isEmpty()) {
                continue;
            }
            starts.add(form);
            for (int i = form.indexOf(' '); i >= 0; i = form.indexOf(' ', i + 1)) {
                String rest = form.substring(i + 1);
                int wordEnd = rest.indexOf(' ');
                if ((wordEnd < 0 ? rest.length() : wordEnd) > 2) {
                    starts.add(rest);
                }
            }
        }
        return starts;
    }
}
