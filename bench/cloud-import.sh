#!/usr/bin/env bash
# Issue 12, import speed with a cloud: the same PHOTOS photos (default 200) imported with `vitrine import` into a
# fresh site in each mode, in one run, against s3proxy on loopback: local disk only (the reference), mirror to S3
# (VITRINE_MIRROR=s3) and cloud primary (VITRINE_STORAGE=s3). Timed from the start of the import until every photo
# has its sizes (the site and its supervised worker run meanwhile); "in bucket" is when the last original reached
# the bucket. Prints photos per minute and the ratio to local-only (target >= 0.8). A mode this build does not know
# is printed as not measured.
#   Usage: bench/cloud-import.sh [PHOTOS]        (needs sqlite3 and python3)
set -euo pipefail
cd "$(dirname "$0")/.."
photos="${1:-200}"
work="$(mktemp -d /tmp/vitrine-cloud-import.XXXXXX)"
source bench/cloud-common.sh
cleanup() { stop_started; rm -rf "$work"; }
trap cleanup EXIT

# PHOTOS distinct 2 MP camera-like JPEGs: one noisy base, each copy made unique by a JPEG comment (no re-encode).
mkdir -p "$work/photos"
"$JAVA_HOME/bin/java" bench/src/NoisyPhoto.java "$work/base.jpg" 1600 1200
python3 - "$work/base.jpg" "$work/photos" "$photos" <<'PY'
import sys, struct
base, out, n = open(sys.argv[1], 'rb').read(), sys.argv[2], int(sys.argv[3])
for i in range(n):
    text = b'vitrine bench photo %d' % i
    open('%s/p%03d.jpg' % (out, i), 'wb').write(base[:2] + b'\xff\xfe' + struct.pack('>H', len(text) + 2) + text + base[2:])
PY
bytes=$(du -sb "$work/photos" | cut -f1)
start_s3proxy

run_mode() { # name, prefix ("" for none), settings... → "seconds in-bucket-seconds"
  local name="$1" prefix="$2"; shift 2
  local data="$work/$name" port t0 ready=0 t_ready="" t_bucket="" site
  port="$(free_port)"
  mkdir -p "$data"
  env VITRINE_DATA_DIR="$data/data" VITRINE_PORT="$port" VITRINE_BIND=127.0.0.1 "$@" \
    "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -jar app/target/vitrine.jar serve >"$data/site.log" 2>&1 &
  site=$!
  started+=($site)
  for _ in $(seq 1 600); do curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
  t0=$(date +%s.%N)
  env VITRINE_DATA_DIR="$data/data" "$@" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -jar app/target/vitrine.jar import "$work/photos" --album Bench >"$data/import.log" 2>&1 \
    || { echo "cloud-import: import failed in mode $name:" >&2; tail -5 "$data/import.log" >&2; exit 1; }
  while :; do
    now=$(date +%s.%N)
    ready=$(sqlite3 "$data/data/vitrine.db" "SELECT COUNT(*) FROM photos WHERE status = 'ready'" 2>/dev/null || echo 0)
    [[ -z "$t_ready" && "$ready" == "$photos" ]] && t_ready=$now
    if [[ -n "$prefix" && -z "$t_bucket" && "$(s3_count "${prefix}originals")" -ge "$photos" ]]; then t_bucket=$now; fi
    [[ -n "$t_ready" && ( -z "$prefix" || -n "$t_bucket" ) ]] && break
    if awk -v a="$now" -v b="$t0" 'BEGIN { exit !(a - b > 900) }'; then
      echo "cloud-import: mode $name did not finish in 15 minutes; log:" >&2; tail -20 "$data/site.log" >&2; exit 1
    fi
    sleep 0.2
  done
  kill "$site"; wait "$site" 2>/dev/null || true
  awk -v r="$t_ready" -v b="${t_bucket:-}" -v s="$t0" \
    'BEGIN { printf "%.1f %s", r - s, (b == "" ? "-" : sprintf("%.1f", b - s)) }'
}

echo "cloud-import: $photos photos ($((bytes / photos / 1024)) KiB each, 1600x1200), s3proxy on loopback, $(date -u '+%F %H:%M UTC')"
printf '%-44s %9s %10s %12s %8s\n' mode seconds "in bucket" "photos/min" ratio
local_s=""
row() {
  local name="$1" result="$2" s b
  read -r s b <<<"$result"
  [[ -z "$local_s" ]] && local_s=$s
  printf '%-44s %9s %10s %12s %8s\n' "$name" "$s" "$b" "$(awk -v s="$s" -v n="$photos" 'BEGIN { printf "%.1f", n * 60 / s }')" \
    "$(awk -v s="$s" -v l="$local_s" 'BEGIN { printf "%.2f", l / s }')"
}
row "local disk only (reference)" "$(run_mode local "" VITRINE_STORAGE=local)"
if knows VITRINE_MIRROR; then
  row "mirror to S3 (VITRINE_MIRROR=s3)" "$(run_mode mirror mirror/ VITRINE_STORAGE=local VITRINE_MIRROR=s3 $(s3_env mirror/))"
else
  printf '%-44s %9s\n' "mirror to S3 (VITRINE_MIRROR=s3)" "not measured: this build has no VITRINE_MIRROR"
fi
primary_name="cloud primary (VITRINE_STORAGE=s3)"
knows VITRINE_CACHE_SIZE || primary_name="S3 direct, no cache (VITRINE_STORAGE=s3)"
row "$primary_name" "$(run_mode primary primary/ VITRINE_STORAGE=s3 $(s3_env primary/))"
