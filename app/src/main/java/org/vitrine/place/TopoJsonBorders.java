package org.vitrine.place;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * TopoJsonBorders reads the countries of a TopoJSON topology (world-atlas's Natural Earth borders) into JTS
 * polygons, one country at a time. The arcs are read with a streaming parser as small integer arrays (the file's
 * 477,000 points as a tree of JSON nodes would take some 50 MB of heap); a country's polygons exist only while
 * the caller handles them.
 */
final class TopoJsonBorders {
    /** A country of the file: its name there, its numeric code (may be null) and its polygons. */
    record Country(String name, String numericCode, List<Polygon> polygons) {
    }

    private final GeometryFactory geometries = new GeometryFactory();
    private JsonNode countries;
    private int[][] arcs;
    private double[] scale = {1, 1};
    private double[] translate = {0, 0};

    private TopoJsonBorders() {
    }

    /** Reads the topology and hands each country of its "countries" object to {@code each}, in file order. */
    static void read(InputStream in, Consumer<Country> each) throws IOException {
        var topology = new TopoJsonBorders();
        topology.parse(in);
        for (JsonNode geometry : topology.countries.path("geometries")) {
            each.accept(topology.country(geometry));
        }
    }

    private void parse(InputStream in) throws IOException {
        var mapper = new ObjectMapper();
        try (JsonParser json = new JsonFactory(mapper).createParser(in)) {
            expect(json.nextToken(), JsonToken.START_OBJECT);
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "objects" -> countries = ((JsonNode) json.readValueAsTree()).get("countries");
                    case "arcs" -> arcs = readArcs(json);
                    case "transform" -> {
                        JsonNode transform = json.readValueAsTree();
                        scale = new double[] {transform.get("scale").get(0).asDouble(),
                                transform.get("scale").get(1).asDouble()};
                        translate = new double[] {transform.get("translate").get(0).asDouble(),
                                transform.get("translate").get(1).asDouble()};
                    }
                    default -> json.skipChildren();
                }
            }
        }
        if (countries == null || arcs == null) {
            throw new IOException("Not a TopoJSON topology with countries and arcs");
        }
    }

    /** Each arc as x0, y0, dx1, dy1, ... (quantized and delta-encoded, as in the file). */
    private static int[][] readArcs(JsonParser json) throws IOException {
        List<int[]> list = new ArrayList<>();
        expect(json.currentToken(), JsonToken.START_ARRAY);
        while (json.nextToken() == JsonToken.START_ARRAY) {
            int[] arc = new int[64];
            int n = 0;
            while (json.nextToken() == JsonToken.START_ARRAY) {
                if (n + 2 > arc.length) {
                    arc = java.util.Arrays.copyOf(arc, arc.length * 2);
                }
                json.nextToken();
                arc[n++] = json.getIntValue();
                json.nextToken();
                arc[n++] = json.getIntValue();
                expect(json.nextToken(), JsonToken.END_ARRAY);
            }
            list.add(java.util.Arrays.copyOf(arc, n));
        }
        return list.toArray(int[][]::new);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("Unexpected " + actual + " in the TopoJSON file, expected " + expected);
        }
    }

    private Country country(JsonNode geometry) {
        List<Polygon> polygons = new ArrayList<>();
        switch (geometry.path("type").asText()) {
            case "Polygon" -> polygons.add(polygon(geometry.get("arcs")));
            case "MultiPolygon" -> geometry.get("arcs").forEach(p -> polygons.add(polygon(p)));
            default -> { } // a country without land in this file (null geometry)
        }
        String id = geometry.hasNonNull("id") ? geometry.get("id").asText() : null;
        return new Country(geometry.path("properties").path("name").asText(null), id, polygons);
    }

    private Polygon polygon(JsonNode rings) {
        LinearRing shell = ring(rings.get(0));
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i));
        }
        return geometries.createPolygon(shell, holes);
    }

    /** A ring joins its arcs end to start; a negative index ~i is arc i backwards. */
    private LinearRing ring(JsonNode arcIndexes) {
        List<Coordinate> points = new ArrayList<>();
        for (JsonNode index : arcIndexes) {
            int i = index.asInt();
            List<Coordinate> arc = arc(i < 0 ? ~i : i);
            if (i < 0) {
                java.util.Collections.reverse(arc);
            }
            // Consecutive arcs share their joining point.
            points.addAll(points.isEmpty() ? arc : arc.subList(1, arc.size()));
        }
        if (!points.getFirst().equals2D(points.getLast())) {
            points.add(new Coordinate(points.getFirst()));
        }
        while (points.size() < 4) {
            points.add(new Coordinate(points.getFirst()));
        }
        return geometries.createLinearRing(points.toArray(Coordinate[]::new));
    }

    private List<Coordinate> arc(int index) {
        int[] arc = arcs[index];
        List<Coordinate> points = new ArrayList<>(arc.length / 2);
        int x = 0;
        int y = 0;
        for (int i = 0; i < arc.length; i += 2) {
            x += arc[i];
            y += arc[i + 1];
            points.add(new Coordinate(x * scale[0] + translate[0], y * scale[1] + translate[1]));
        }
        return points;
    }
}
