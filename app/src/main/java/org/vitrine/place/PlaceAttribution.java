package org.vitrine.place;

/** PlaceAttribution is the credit GeoNames' licence (CC BY 4.0) asks for wherever its place names appear. */
public final class PlaceAttribution {
    public static final String TEXT = "Place names © GeoNames, CC BY 4.0";
    public static final String URL = "https://www.geonames.org/";

    private PlaceAttribution() {
    }
}
