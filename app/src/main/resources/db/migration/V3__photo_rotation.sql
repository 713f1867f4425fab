-- The owner's rotation of a photo, in quarter turns clockwise (0-3), applied on top of the camera's orientation.
-- The original file is never modified: derivatives are made again with the new rotation.
ALTER TABLE photos ADD COLUMN rotation INTEGER NOT NULL DEFAULT 0;
