package org.vitrine.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Assets gives templates the URL of a site asset (CSS, JS, fonts, icons) under its content-hashed name, e.g.
 * {@code Assets.url("css/vitrine.css")} → {@code /assets/css/vitrine.63825b6504bf.css}. The names are made at build
 * time (scripts/hash-assets.mjs writes them and a manifest into the jar), so a changed file is a new URL and every
 * asset can be cached for a year.
 */
public final class Assets {
    /** Where the build puts the hashed files and the manifest, on the class path. */
    static final String FOLDER = "assets-hashed/";
    static final String PREFIX = "/assets/";

    private Assets() {
    }

    /** The URL of the asset at this path under src/main/resources/assets, with its content hash. */
    public static String url(String path) {
        String hashed = Manifest.HASHED.get(path);
        if (hashed == null) {
            throw new IllegalArgumentException("no site asset named " + path + " (src/main/resources/assets)");
        }
        return PREFIX + hashed;
    }

    /** Every asset: its path → its hashed path. */
    static Map<String, String> all() {
        return Manifest.HASHED;
    }

    /** Read on first use. */
    private static final class Manifest {
        static final Map<String, String> HASHED = read();

        private static Map<String, String> read() {
            var in = Assets.class.getClassLoader().getResourceAsStream(FOLDER + "manifest.tsv");
            if (in == null) {
                throw new IllegalStateException("the site's assets were not built: build with ./mvnw (its "
                        + "process-classes step runs scripts/hash-assets.mjs)");
            }
            var names = new LinkedHashMap<String, String>();
            try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    int tab = line.indexOf('\t');
                    if (tab > 0) {
                        names.put(line.substring(0, tab), line.substring(tab + 1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.copyOf(names);
        }
    }
}
