#!/usr/bin/env bash
# Issue 12, serving from a cloud: one 640 px derivative of a public album fetched through Vitrine with wrk, in one
# run, from the local disk (the reference), from S3 (s3proxy on loopback) proxied through Vitrine, and as a
# redirect to the store (VITRINE_CLOUD_SERVING=redirect: Vitrine's answer alone, then the browser's second request
# to the URL it names). The S3 sites hold the same files, moved there with `vitrine storage migrate --to s3`.
# Prints requests/s, p99 and the ratio to local disk. A mode this build does not know is printed as not measured.
#   Usage: bench/cloud-serve.sh [DURATION]       (needs wrk, sqlite3, python3, curl)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
threads=2
connections=32
command -v wrk >/dev/null || { echo "cloud-serve: needs wrk (apt-get install -y wrk)" >&2; exit 2; }
work="$(mktemp -d /tmp/vitrine-cloud-serve.XXXXXX)"
source bench/cloud-common.sh
cleanup() { stop_started; rm -rf "$work"; }
trap cleanup EXIT
start_s3proxy

# Three distinct photos in a public album, sized by the local site.
mkdir -p "$work/photos"
"$JAVA_HOME/bin/java" bench/src/NoisyPhoto.java "$work/base.jpg" 1600 1200
python3 - "$work/base.jpg" "$work/photos" 3 <<'PY'
import sys, struct
base, out, n = open(sys.argv[1], 'rb').read(), sys.argv[2], int(sys.argv[3])
for i in range(n):
    text = b'vitrine bench photo %d' % i
    open('%s/p%03d.jpg' % (out, i), 'wb').write(base[:2] + b'\xff\xfe' + struct.pack('>H', len(text) + 2) + text + base[2:])
PY
serve() { # name, data dir, settings... → starts a site, sets $base
  local name="$1" data="$2" port; shift 2
  port="$(free_port)"
  env VITRINE_DATA_DIR="$data" VITRINE_PORT="$port" VITRINE_BIND=127.0.0.1 VITRINE_WORKERS=inline "$@" \
    "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -jar app/target/vitrine.jar serve >"$work/$name.log" 2>&1 &
  started+=($!)
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 600); do curl -fs -o /dev/null "$base/healthz" && return 0; sleep 0.1; done
  echo "cloud-serve: site $name did not start; log:" >&2; tail -20 "$work/$name.log" >&2; exit 1
}
env VITRINE_DATA_DIR="$work/local" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar app/target/vitrine.jar \
  import "$work/photos" --album Public >/dev/null
sqlite3 "$work/local/vitrine.db" "UPDATE albums SET visibility = 'public' WHERE slug = 'public'"
serve local "$work/local" VITRINE_STORAGE=local
local_base=$base
for _ in $(seq 1 1200); do
  [[ "$(sqlite3 "$work/local/vitrine.db" "SELECT COUNT(*) FROM photos WHERE status = 'ready'")" == 3 ]] && break
  sleep 0.1
done
url=$(sqlite3 "$work/local/vitrine.db" "SELECT '/media/d/' || d.photo_id || '/' || substr(d.blob_key, length('derivatives/' || d.photo_id || '/') + 1)
  FROM derivatives d WHERE d.width = 640 ORDER BY d.photo_id LIMIT 1")
[[ -n "$url" ]] || { echo "cloud-serve: no 640 px size made; log:" >&2; tail -20 "$work/local.log" >&2; exit 1; }
size=$(curl -fs -o /dev/null -w '%{size_download}' "$local_base$url")

# The same site moved to S3 (its database copied, then migrated), served proxied and, where known, redirected.
cp -r "$work/local" "$work/cloud"
rm -rf "$work/cloud/tmp"
env VITRINE_DATA_DIR="$work/cloud" VITRINE_STORAGE=local $(s3_env site/) "$JAVA_HOME/bin/java" \
  --enable-native-access=ALL-UNNAMED -jar app/target/vitrine.jar storage migrate --to s3 >"$work/migrate.log" 2>&1 \
  || { echo "cloud-serve: migrate failed:" >&2; cat "$work/migrate.log" >&2; exit 1; }
cp -r "$work/cloud" "$work/redirect"
serve proxied "$work/cloud" VITRINE_STORAGE=s3 $(s3_env site/)
proxied_base=$base
curl -fs -o /dev/null "$proxied_base$url" || { echo "cloud-serve: S3 site does not serve the image" >&2; exit 1; }
redirect_base=""
if knows VITRINE_CLOUD_SERVING; then
  serve redirect "$work/redirect" VITRINE_STORAGE=s3 VITRINE_CLOUD_SERVING=redirect $(s3_env site/)
  redirect_base=$base
  location=$(curl -s -o /dev/null -w '%{redirect_url}' "$redirect_base$url")
  [[ -n "$location" ]] || { echo "cloud-serve: the redirecting site does not redirect" >&2; exit 1; }
fi

measure() { # wrk → "requests/s p99-ms"
  local out rps p99
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$@")
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }' <<<"$out")
  if grep -q "Non-2xx or 3xx" <<<"$out"; then echo "cloud-serve: errors in: wrk $*" >&2; grep "Non-2xx" <<<"$out" >&2; fi
  echo "$rps $p99"
}
for b in "$local_base" "$proxied_base" $redirect_base; do wrk -t"$threads" -c"$connections" -d3s "$b$url" >/dev/null; done

echo "cloud-serve: wrk -t$threads -c$connections -d${duration}s, 640 px derivative of $size bytes, s3proxy on loopback, $(date -u '+%F %H:%M UTC')"
printf '%-52s %10s %9s %8s\n' case "r/s" "p99 ms" ratio
local_rps=""
row() {
  local name="$1" r
  r=($2)
  [[ -z "$local_rps" ]] && local_rps=${r[0]}
  printf '%-52s %10s %9s %8s\n' "$name" "${r[0]}" "${r[1]}" "$(awk -v a="${r[0]}" -v b="$local_rps" 'BEGIN { printf "%.3f", a / b }')"
}
row "local disk (reference)" "$(measure "$local_base$url")"
proxied_name="S3, proxied through Vitrine (local cache)"
knows VITRINE_CACHE_SIZE || proxied_name="S3, proxied through Vitrine (no cache)"
row "$proxied_name" "$(measure "$proxied_base$url")"
if [[ -n "$redirect_base" ]]; then
  row "redirect: Vitrine's 302 alone" "$(measure "$redirect_base$url")"
  row "redirect: then the store's URL (s3proxy)" "$(measure "$location")"
else
  printf '%-52s %s\n' "redirect" "not measured: this build has no VITRINE_CLOUD_SERVING"
fi
