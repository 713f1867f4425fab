#!/usr/bin/env bash
# Issue 12, serving from the cloud: one site on the local disk and one with VITRINE_STORAGE=s3 against s3proxy (on
# loopback, its own process), the same photos in both, measured in the same run:
#   - wrk on a public 640 px derivative: local disk, cloud-primary proxied from the local cache, and the 302 that
#     VITRINE_CLOUD_SERVING=redirect answers (plus wrk on the signed URL itself, what the browser fetches next);
#   - curl, one request per derivative, after emptying the cache: a cache miss fetched from s3proxy through
#     Vitrine, against the same files once cached.
# The three sites run side by side and wrk visits them in turn, three rounds, so the noisy machine's drift falls
# on all alike. Prints requests/s and p99 (wrk medians), median and p90 of the curl times, ratios to local disk.
#   Usage: bench/serve-cloud.sh [DURATION]    (needs wrk and sqlite3; builds the jar if stale)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
threads=2
connections=32
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
for tool in wrk sqlite3 curl; do
  command -v "$tool" >/dev/null || { echo "serve-cloud: needs $tool" >&2; exit 2; }
done
if [[ ! -f app/target/vitrine.jar || ! -f app/target/emulators/s3proxy.jar \
      || -n "$(find app/src/main pom.xml app/pom.xml -newer app/target/vitrine.jar -print -quit)" ]]; then
  ./mvnw -q -B -DskipTests package
fi
work="$(mktemp -d /tmp/vitrine-cloud-bench.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
java="$JAVA_HOME/bin/java"

# s3proxy on a file system, and its bucket.
s3_port="$(free_port)"
id=bench-identity
secret=bench-credential
mkdir -p "$work/s3"
cat >"$work/s3proxy.properties" <<EOP
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$id
s3proxy.credential=$secret
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$work/s3
jclouds.identity=$id
jclouds.credential=$secret
EOP
"$java" -Xmx256m -jar app/target/emulators/s3proxy.jar --properties "$work/s3proxy.properties" >"$work/s3proxy.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$s3_port/" && break; sleep 0.1; done
# (the SHA-256 of an empty body: curl 7.88 signs it but does not send the header s3proxy checks it against)
curl -fs -X PUT -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
  --aws-sigv4 "aws:amz:us-east-1:s3" --user "$id:$secret" "http://127.0.0.1:$s3_port/bench" \
  || { echo "serve-cloud: could not make the bucket; log:" >&2; tail "$work/s3proxy.log" >&2; exit 1; }

# Ten photos with camera-like noise, 2400×1600.
"$java" bench/src/NoisyPhotos.java "$work/photos" 10

cloud_env=(VITRINE_STORAGE=s3 VITRINE_S3_ENDPOINT="http://127.0.0.1:$s3_port" VITRINE_S3_BUCKET=bench
           VITRINE_S3_PATH_STYLE=true VITRINE_S3_ACCESS_KEY="$id" VITRINE_S3_SECRET_KEY="$secret")
site_pid=""
start_site() { # name, then VAR=value settings → base URL in $base
  local name="$1"; shift
  local port; port="$(free_port)"
  env VITRINE_DATA_DIR="$work/$name" VITRINE_PORT="$port" VITRINE_BIND=127.0.0.1 VITRINE_WORKERS=inline "$@" \
    "$java" -jar app/target/vitrine.jar serve >>"$work/$name.log" 2>&1 &
  site_pid=$!
  pids+=($site_pid)
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 600); do curl -fs -o /dev/null "$base/healthz" && return; sleep 0.1; done
  echo "serve-cloud: $name did not start; log:" >&2; tail -20 "$work/$name.log" >&2; exit 1
}
import_photos() { # name, settings...
  local name="$1"; shift
  env VITRINE_DATA_DIR="$work/$name" "$@" "$java" -jar app/target/vitrine.jar import "$work/photos" --album Public \
    >>"$work/$name.log" 2>&1
  sqlite3 "$work/$name/vitrine.db" "UPDATE albums SET visibility = 'public' WHERE slug = 'public'"
}
wait_ready() { # name → all photos ready and nothing left to send
  local db="$work/$1/vitrine.db" ready waiting
  for _ in $(seq 1 1200); do
    ready=$(sqlite3 "$db" "SELECT COUNT(*) FROM photos WHERE status = 'ready'" 2>/dev/null || echo 0)
    waiting=$(sqlite3 "$db" "SELECT COUNT(*) FROM jobs WHERE status IN ('queued', 'running')" 2>/dev/null || echo 1)
    [[ "$ready" == 10 && "$waiting" == 0 ]] && return
    sleep 0.1
  done
  echo "serve-cloud: $1 did not process and send the photos; log:" >&2; tail -20 "$work/$1.log" >&2; exit 1
}
urls_of() { # name [width] → every derivative URL (of that width)
  sqlite3 "$work/$1/vitrine.db" "SELECT '/media/d/' || photo_id || '/' || substr(blob_key, length('derivatives/' || photo_id || '/') + 1)
                                 FROM derivatives ${2:+WHERE width = $2} ORDER BY photo_id, width"
}
measure() { # wrk → "requests/s p99-ms"
  local out rps p99
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$@")
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }' <<<"$out")
  if grep -q "Non-2xx or 3xx" <<<"$out"; then echo "serve-cloud: errors in: wrk $*" >&2; grep "Non-2xx" <<<"$out" >&2; fi
  echo "$rps $p99"
}
curl_times() { # base, urls... → "median-ms p90-ms" of one GET each
  local b="$1"; shift
  for u in "$@"; do curl -fs -o /dev/null -w '%{time_total}\n' "$b$u"; done | sort -n \
    | awk '{ t[NR] = $1 * 1000 } END { printf "%.2f %.2f %d", t[int((NR + 1) / 2)], t[int(NR * 0.9 + 0.5)], NR }'
}

import_photos local
start_site local
local_base="$base"
wait_ready local
import_photos cloud "${cloud_env[@]}"
start_site cloud "${cloud_env[@]}"
cloud_base="$base"
wait_ready cloud
[[ -z "$(find "$work/cloud/cloud/spool" -type f)" ]] || { echo "serve-cloud: the spool did not drain" >&2; exit 1; }
# A second site on the same data, answering with redirects.
start_site cloud "${cloud_env[@]}" VITRINE_CLOUD_SERVING=redirect
redirect_base="$base"

url="$(urls_of local 640 | head -1)"
curl_url="$(urls_of cloud 640 | head -1)"
size=$(curl -fs -o /dev/null -w '%{size_download}' "$local_base$url")
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$redirect_base$curl_url")" == 302 ]] \
  || { echo "serve-cloud: no redirect" >&2; exit 1; }
signed="$(curl -s -o /dev/null -w '%{redirect_url}' "$redirect_base$curl_url")"

# One GET per size: first requests on the local disk; cache misses (the cache emptied behind the running site,
# which notices and fetches again from s3proxy); then the same sizes cached.
read -r local_cold_med local_cold_p90 n <<<"$(curl_times "$local_base" $(urls_of local))"
rm -rf "$work/cloud/cloud/cache/derivatives"
read -r miss_med miss_p90 _ <<<"$(curl_times "$cloud_base" $(urls_of cloud))"
read -r hit_med hit_p90 _ <<<"$(curl_times "$cloud_base" $(urls_of cloud))"

# wrk, the four cases in turn, three rounds: the machine's drift hits each case alike; medians are reported.
for target in "$local_base$url" "$cloud_base$curl_url" "$redirect_base$curl_url" "$signed"; do
  wrk -t"$threads" -c"$connections" -d3s "$target" >/dev/null
done
declare -A rps p99
for round in 1 2 3; do
  for name in local cached redirect signed; do
    case "$name" in
      local) target="$local_base$url" ;;
      cached) target="$cloud_base$curl_url" ;;
      redirect) target="$redirect_base$curl_url" ;;
      signed) target="$signed" ;;
    esac
    read -r r p <<<"$(measure "$target")"
    rps[$name]+="$r " p99[$name]+="$p "
  done
done
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
local_rps=$(median "${rps[local]}") local_p99=$(median "${p99[local]}")
cached_rps=$(median "${rps[cached]}") cached_p99=$(median "${p99[cached]}")
redirect_rps=$(median "${rps[redirect]}") redirect_p99=$(median "${p99[redirect]}")
signed_rps=$(median "${rps[signed]}") signed_p99=$(median "${p99[signed]}")
echo "serve-cloud: rounds (req/s): local ${rps[local]}| cached ${rps[cached]}| redirect ${rps[redirect]}| signed ${rps[signed]}"

echo "serve-cloud: wrk -t$threads -c$connections -d${duration}s ×3 rounds (medians), 640 px derivative of $size bytes; curl: one GET of each of $n sizes; $(date -u '+%F %H:%M UTC')"
printf '%-44s %10s %9s %8s\n' case "req/s" "p99 ms" "÷ local"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '%-44s %10s %9s %8s\n' "local disk" "$local_rps" "$local_p99" "1.00"
printf '%-44s %10s %9s %8s\n' "s3, proxied from the local cache" "$cached_rps" "$cached_p99" "$(ratio "$cached_rps" "$local_rps")"
printf '%-44s %10s %9s %8s\n' "s3, redirect (the 302 only)" "$redirect_rps" "$redirect_p99" "$(ratio "$redirect_rps" "$local_rps")"
printf '%-44s %10s %9s %8s\n' "s3proxy serving the signed URL" "$signed_rps" "$signed_p99" "$(ratio "$signed_rps" "$local_rps")"
printf '%-44s %10s %9s\n' "one GET per size" "median ms" "p90 ms"
printf '%-44s %10s %9s\n' "local disk (first request of each)" "$local_cold_med" "$local_cold_p90"
printf '%-44s %10s %9s\n' "s3, cache miss: fetched through Vitrine" "$miss_med" "$miss_p90"
printf '%-44s %10s %9s\n' "s3, the same sizes cached" "$hit_med" "$hit_p90"
