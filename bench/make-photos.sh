#!/usr/bin/env bash
# Makes camera-like benchmark photos from a real photo of the shared test data: upscaled to 24 MP and 48 MP with
# Gaussian noise (so the encoder and decoder see camera-like texture, not flat areas), as baseline and progressive
# JPEGs with an EXIF orientation tag. Output: bench/photos/ (ignored by git).
#   bench/make-photos.sh [SOURCE.jpg]
set -euo pipefail
cd "$(dirname "$0")"
src="${1:-../../shared/testdata/photos/camera/nikon-d70.jpg}"
[[ -f "$src" ]] || { echo "make-photos: $src not found (pass a real photo)"; exit 1; }
convert=/usr/bin/convert   # the real ImageMagick (Debian package imagemagick)
mkdir -p photos
make() { # name WxH interlace
  local out="photos/$1.jpg"
  [[ -f "$out" ]] && return
  echo "making $out ($2, $3)"
  "$convert" "$src" -resize "$2!" -attenuate 0.5 +noise Gaussian -interlace "$3" -quality 92 \
    -set comment "Vitrine benchmark photo" "$out"
  exiftool -q -overwrite_original -Orientation=1 -n -Make=Bench -Model=Noise "$out" 2>/dev/null || true
}
make 24mp-baseline 6000x4000 None
make 24mp-progressive 6000x4000 Plane
make 48mp-baseline 8484x5656 None
make 48mp-progressive 8484x5656 Plane
ls -la photos
