#!/usr/bin/env bash
# Per-photo derivative cost: Vitrine's ladder (2048/1280/640/320 long edge, JPEG q85, metadata stripped) made by
# both of Vitrine's engines in a warm JVM, and by two reference tools on the same files in the same run:
#   - vipsthumbnail called once per size (what a shell-out implementation does);
#   - ImageMagick convert with a jpeg:size hint in the image's aspect, then a cascade in one process.
# Prints a Markdown table with wall time, CPU time, peak RSS and the ratios the issue sets as targets.
#   bench/derivatives.sh [RUNS]        (needs: ./vitrine build, bench/make-photos.sh, libvips-tools, imagemagick)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
photos=(bench/photos/24mp-baseline.jpg bench/photos/24mp-progressive.jpg bench/photos/48mp-baseline.jpg bench/photos/48mp-progressive.jpg)
for p in "${photos[@]}"; do [[ -f "$p" ]] || { echo "missing $p: run bench/make-photos.sh"; exit 1; }; done
[[ -f app/target/vitrine.jar ]] || { echo "build first: ./vitrine build"; exit 1; }
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
results=bench/results; mkdir -p "$results"
raw="$results/derivatives-$(date +%Y%m%d-%H%M%S).tsv"

# time_cmd FILE CMD...: appends "wall cpu maxrss_kib" of one command to FILE
time_cmd() { local f=$1; shift; /usr/bin/time -f "%e %U %S %M" -a -o "$f" "$@" >/dev/null 2>&1; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for p in "${photos[@]}"; do
  name=$(basename "$p" .jpg)
  read -r w h < <(vipsheader -f width "$p" | tr '\n' ' '; vipsheader -f height "$p")
  hint_w=2048; hint_h=$(( h * 2048 / w ))
  for i in $(seq "$runs"); do
    # vipsthumbnail, one process per size
    t="$out/vt-$i"; : > "$t"
    for s in 2048 1280 640 320; do time_cmd "$t" vipsthumbnail "$p" --size "${s}x${s}" -o "$out/vt_${s}.jpg[Q=85,strip]"; done
    awk '{w+=$1; c+=$2+$3; if ($4>m) m=$4} END {printf "%.3f %.3f %d\n", w, c, m}' "$t" >> "$out/vt-$name"
    # ImageMagick: jpeg:size hint in the image's aspect, then a cascade in one process
    t="$out/im-$i"; : > "$t"
    time_cmd "$t" /usr/bin/convert -define "jpeg:size=${hint_w}x${hint_h}" "$p" -auto-orient -strip -quality 85 \
      -resize 2048x2048 -write "$out/im_2048.jpg" -resize 1280x1280 -write "$out/im_1280.jpg" \
      -resize 640x640 -write "$out/im_640.jpg" -resize 320x320 "$out/im_320.jpg"
    awk '{printf "%.3f %.3f %d\n", $1, $2+$3, $4}' "$t" >> "$out/im-$name"
  done
done

cp=app/target/vitrine.jar:'app/target/lib/*'
export MALLOC_ARENA_MAX=2
"$java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx256m -cp "$cp" bench/src/DerivativeBench.java vips "$runs" "${photos[@]}" > "$out/vips.tsv"
"$java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx64m -cp "$cp" bench/src/DerivativeBench.java java "$runs" "${photos[@]}" > "$out/java.tsv"

printf "photo\ttool\twall_s\tcpu_s\tpeak_rss_mib\n" > "$raw"
for p in "${photos[@]}"; do
  name=$(basename "$p" .jpg)
  for tool in vt im; do
    label=$([[ $tool == vt ]] && echo "vipsthumbnail x4" || echo "ImageMagick")
    wall=$(cut -d' ' -f1 "$out/$tool-$name" | median); cpu=$(cut -d' ' -f2 "$out/$tool-$name" | median)
    rss=$(cut -d' ' -f3 "$out/$tool-$name" | sort -n | tail -1)
    printf "%s\t%s\t%s\t%s\t%d\n" "$name" "$label" "$wall" "$cpu" $(( rss / 1024 )) >> "$raw"
  done
  for engine in vips java; do
    rss=$(awk -F'\t' '$2=="peak" {print $3}' "$out/$engine.tsv")
    awk -F'\t' -v n="$name.jpg" -v e="$engine" -v r="$rss" '$2==n {printf "%s\tVitrine %s\t%s\t%s\t%s\n", substr(n,1,length(n)-4), e, $3, $4, r}' "$out/$engine.tsv" >> "$raw"
  done
done
echo "raw results: $raw"
echo
echo "| photo | tool | wall s | CPU s | peak RSS MiB |"
echo "|---|---|---|---|---|"
tail -n +2 "$raw" | awk -F'\t' '{printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5}'
echo
echo "| photo | vips ÷ vipsthumbnail x4 (target ≤ 0.4) | vips ÷ ImageMagick (≤ 0.5) | java ÷ vips (≤ 2.5 baseline) |"
echo "|---|---|---|---|"
tail -n +2 "$raw" | awk -F'\t' '{t[$1","$2]=$3; names[$1]=1} END {for (n in names) printf "| %s | %.2f | %.2f | %.2f |\n", n, t[n",Vitrine vips"]/t[n",vipsthumbnail x4"], t[n",Vitrine vips"]/t[n",ImageMagick"], t[n",Vitrine java"]/t[n",Vitrine vips"]}' | sort
echo
awk -F'\t' '$2=="peak" {printf "peak heap: %s engine %s MiB (JVM -Xmx %s)\n", $1, $4, ($1=="java" ? "64m" : "256m")}' "$out/vips.tsv" "$out/java.tsv"
