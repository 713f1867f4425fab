-- The places' indexes are made by PlacesLoader after the rows are in: sorting once is much faster than
-- inserting 200,000 rows into an index one by one. V20 made them empty; they are dropped here so the loader
-- builds them (places_position for the geocoder, place_words_word for search).
DROP INDEX IF EXISTS places_position;
DROP INDEX IF EXISTS place_words_word;
