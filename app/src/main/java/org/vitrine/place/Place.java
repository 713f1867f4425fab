package org.vitrine.place;

/**
 * Place is where a photo was taken, in words: a named place (or none, far from any), its first-level region and
 * its country. {@code near}: the photo is around the place rather than in it ("near Zermatt").
 */
public record Place(String name, boolean near, String region, String country, String countryCode) {

    /** "Basel, Basel-City, Switzerland", "near Zermatt, Valais, Switzerland", "Valais, Switzerland". */
    public String label() {
        var text = new StringBuilder();
        if (name != null) {
            text.append(near ? "near " : "").append(name);
        }
        for (String part : new String[] {region, country}) {
            if (part != null && !part.isBlank() && !part.equals(name)) {
                text.append(text.isEmpty() ? "" : ", ").append(part);
            }
        }
        return text.toString();
    }
}
