#!/usr/bin/env bash
# Issue 12, import speed with a cloud: the same PHOTOS photos (default 200) imported with `vitrine import` into a
# fresh site in each mode, in one run, against s3proxy on loopback: local disk only (the reference), mirror to S3
# (VITRINE_MIRROR=s3) and cloud primary (VITRINE_STORAGE=s3); local-only runs first and again last, and the
# reference is the mean of the two (the machine is shared: its load drifts during a run). Timed from the start of
# the import until every photo has its sizes (the site and its supervised worker run meanwhile); "in bucket" is
# when the last original reached the bucket. Prints photos per minute and the ratio to local-only (target >= 0.8). A mode this build does not know
# is printed as not measured.
#   Usage: bench/cloud-import.sh [PHOTOS]        (needs sqlite3 and python3)
set -euo pipefail
cd "$(dirname "$0")/.."
photos="${1:-200}"
work="$(mktemp -d /tmp/vitrine-cloud-import.XXXXXX)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ ! -f app/target/vitrine.jar || ! -f app/target/emulators/s3proxy.jar \
      || -n "$(find app/src/main pom.xml app/pom.xml -newer app/target/vitrine.jar -print -quit)" ]]; then
  ./mvnw -q -B -DskipTests package
fi
started=()
stop_started() {
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started[@]}"; do wait "$pid" 2>/dev/null || true; done
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
vitrine() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar app/target/vitrine.jar "$@"; }
# Whether this build knows a setting (the mirror and cloud-primary modes arrive on other branches).
knows() { vitrine --help 2>/dev/null | grep -q "^  $1\$"; }

# s3proxy: the S3 API on a file system, checking signatures like the real service.
s3_bucket=bench
s3_key=bench-access
s3_secret=bench-secret
start_s3proxy() {
  local port props
  port="$(free_port)"
  mkdir -p "$work/s3/$s3_bucket"
  props="$work/s3/s3proxy.properties"
  cat >"$props" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$s3_key
s3proxy.credential=$s3_secret
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$work/s3
jclouds.identity=$s3_key
jclouds.credential=$s3_secret
PROPS
  "$JAVA_HOME/bin/java" -Xmx256m -jar app/target/emulators/s3proxy.jar --properties "$props" >"$work/s3proxy.log" 2>&1 &
  started+=($!)
  s3_endpoint="http://127.0.0.1:$port"
  for _ in $(seq 1 300); do curl -s -o /dev/null "$s3_endpoint" && return 0; sleep 0.1; done
  echo "s3proxy did not start; log:" >&2; tail -20 "$work/s3proxy.log" >&2; exit 1
}
s3_env() { # prefix → the S3 settings of a site using the bucket under that prefix
  echo "VITRINE_S3_ENDPOINT=$s3_endpoint VITRINE_S3_BUCKET=$s3_bucket VITRINE_S3_PREFIX=$1 VITRINE_S3_PATH_STYLE=true" \
       "VITRINE_S3_ACCESS_KEY=$s3_key VITRINE_S3_SECRET_KEY=$s3_secret"
}
# Files under a prefix of the bucket (s3proxy keeps one file per object).
s3_count() { find "$work/s3/$s3_bucket/$1" -type f 2>/dev/null | wc -l; }
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

local_first=$(run_mode local "" VITRINE_STORAGE=local)
results=()
if knows VITRINE_MIRROR; then
  results+=("mirror to S3 (VITRINE_MIRROR=s3)|$(run_mode mirror mirror/ VITRINE_STORAGE=local VITRINE_MIRROR=s3 $(s3_env mirror/))")
else
  results+=("mirror to S3 (VITRINE_MIRROR=s3)|not measured")
fi
primary_name="cloud primary (VITRINE_STORAGE=s3)"
knows VITRINE_CACHE_SIZE || primary_name="S3 direct, no cache (VITRINE_STORAGE=s3)"
results+=("$primary_name|$(run_mode primary primary/ VITRINE_STORAGE=s3 $(s3_env primary/))")
rm -rf "$work/local"
local_last=$(run_mode local "" VITRINE_STORAGE=local)
local_s=$(awk -v a="${local_first%% *}" -v b="${local_last%% *}" 'BEGIN { printf "%.1f", (a + b) / 2 }')

echo "cloud-import: $photos photos ($((bytes / photos / 1024)) KiB each, 1600x1200), s3proxy on loopback, $(date -u '+%F %H:%M UTC')"
printf '%-44s %9s %10s %12s %8s\n' mode seconds "in bucket" "photos/min" ratio
row() {
  local name="$1" s b
  read -r s b <<<"$2"
  if [[ "$s" == "not" ]]; then printf '%-44s %s\n' "$name" "not measured: this build has no such setting"; return; fi
  printf '%-44s %9s %10s %12s %8s\n' "$name" "$s" "$b" "$(awk -v s="$s" -v n="$photos" 'BEGIN { printf "%.1f", n * 60 / s }')" \
    "$(awk -v s="$s" -v l="$local_s" 'BEGIN { printf "%.2f", l / s }')"
}
row "local disk only, first" "$local_first"
row "local disk only, last" "$local_last"
row "local disk only (reference: mean)" "$local_s -"
for r in "${results[@]}"; do row "${r%%|*}" "${r#*|}"; done
