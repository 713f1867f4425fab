-- Places, offline: GeoNames place names (cities500) and Natural Earth country borders, loaded once from the jar
-- by place/PlacesLoader on first start, and the place computed for each located photo. Kept in the database,
-- not in the web process's heap.

-- One row per GeoNames place; region is the first-level region's name (admin1), already looked up.
CREATE TABLE places (
    id           BIGINT           PRIMARY KEY,
    name         TEXT             NOT NULL,
    region       TEXT,
    country_code TEXT             NOT NULL,
    latitude     DOUBLE PRECISION NOT NULL,
    longitude    DOUBLE PRECISION NOT NULL,
    population   BIGINT           NOT NULL
);
-- The geocoder reads a latitude band, then longitudes within it, from the index alone.
CREATE INDEX places_position ON places (latitude, longitude, country_code, population, id);

-- Search by name: every word-start of a place's name, lower case and without diacritics ("ciudad juarez",
-- "juarez"), with the population so that the best known places come first.
CREATE TABLE place_words (
    word       TEXT ${bytewise} NOT NULL,
    population BIGINT NOT NULL,
    place_id   BIGINT NOT NULL
);
CREATE INDEX place_words_word ON place_words (word, population, place_id);

-- Country borders, one row per polygon (an island is its own row), as WKB in Base64 with its bounding box.
CREATE TABLE country_borders (
    id           BIGINT           PRIMARY KEY,
    country_code TEXT             NOT NULL,
    min_lat      DOUBLE PRECISION NOT NULL,
    max_lat      DOUBLE PRECISION NOT NULL,
    min_lon      DOUBLE PRECISION NOT NULL,
    max_lon      DOUBLE PRECISION NOT NULL,
    shape        TEXT             NOT NULL
);
CREATE INDEX country_borders_box ON country_borders (min_lat, max_lat, min_lon, max_lon);

-- Which version of the places data is loaded (a newer Vitrine with newer data reloads it).
CREATE TABLE places_data (
    version   TEXT   PRIMARY KEY,
    loaded_at BIGINT NOT NULL
);

-- Where a photo's coordinates come from: 'exif', or 'manual' once set by hand (then never replaced from EXIF).
ALTER TABLE photos ADD COLUMN location_source TEXT;
UPDATE photos SET location_source = 'exif' WHERE latitude IS NOT NULL;

-- The place of a located photo. source 'exif': computed from its coordinates at processing time (again at each
-- processing); 'manual': named by hand, never replaced. near = 1: the photo is near the place, not in it; a null
-- name with a region or country: far from any named place.
CREATE TABLE photo_places (
    photo_id     BIGINT  PRIMARY KEY REFERENCES photos (id) ON DELETE CASCADE,
    name         TEXT,
    near         INTEGER NOT NULL DEFAULT 0,
    region       TEXT,
    country      TEXT,
    country_code TEXT,
    source       TEXT    NOT NULL
);
