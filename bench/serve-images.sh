#!/usr/bin/env bash
# Issue 13 §1: images at static-file speed. Starts Vitrine and nginx (one worker) on the same files, on loopback
# only, and runs wrk against both in the same run: a public derivative, a conditional request answered 304, a
# 64 KiB range of a public original, and an image of a private album fetched with the owner's session cookie.
# Prints requests/s, p99 and the ratio Vitrine / nginx for each: the medians of ROUNDS runs (default 3) of each
# side, taking turns. Bounded: 6 photos, DURATION seconds per wrk run (default 10), and everything it started is
# stopped on exit.
#   Usage: bench/serve-images.sh [DURATION] [ROUNDS]   (needs nginx-light and wrk: apt-get install -y nginx-light wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
rounds="${2:-3}"
threads=2
connections=32
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
command -v wrk >/dev/null || { echo "serve-images: needs wrk (apt-get install -y wrk)" >&2; exit 2; }
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || { echo "serve-images: needs nginx-light" >&2; exit 2; }
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

if [[ ! -f app/target/vitrine.jar || -n "$(find app/src/main pom.xml app/pom.xml -newer app/target/vitrine.jar -print -quit)" ]]; then
  ./mvnw -q -B -DskipTests package
fi
work="$(mktemp -d /tmp/vitrine-serve-bench.XXXXXX)"
site_pid=""
nginx_pid=""
cleanup() {
  [[ -n "$site_pid" ]] && kill "$site_pid" 2>/dev/null && wait "$site_pid" 2>/dev/null || true
  [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
site_port="$(free_port)"
nginx_port="$(free_port)"
export VITRINE_DATA_DIR="$work/data" VITRINE_PORT="$site_port" VITRINE_BIND=127.0.0.1 VITRINE_WORKERS=inline
vitrine() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar app/target/vitrine.jar "$@"; }

# Photos: six real camera JPEGs of the shared test data (their 640 px sizes are a few tens of KB).
photos="${VITRINE_TEST_PHOTOS:-}"
for dir in . .. ../.. ../../..; do
  [[ -z "$photos" && -f "$dir/shared/testdata/photos/MANIFEST.tsv" ]] && photos="$dir/shared/testdata/photos"
done
[[ -n "$photos" ]] || { echo "serve-images: no test photos (set VITRINE_TEST_PHOTOS)" >&2; exit 2; }
mkdir -p "$work/public" "$work/private"
cp "$photos"/camera/{canon-eos-600d,google-pixel,olympus-e-m10}.jpg "$work/public/"
cp "$photos"/camera/{apple-iphone-4,sony-dsc-hx5v,nikon-d70}.jpg "$work/private/"
email=bench@example.org
password=bench-password-123
printf '%s\n%s\n' "$password" "$password" | vitrine user add "$email" >/dev/null
vitrine import "$work/public" --album Public >/dev/null
vitrine import "$work/private" --album Private >/dev/null
db="$work/data/vitrine.db"
sqlite3 "$db" "UPDATE albums SET visibility = 'public' WHERE slug = 'public'"

"$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -jar app/target/vitrine.jar serve >"$work/site.log" 2>&1 &
site_pid=$!
base="http://127.0.0.1:$site_port"
for _ in $(seq 1 600); do
  ready=$(sqlite3 "$db" "SELECT COUNT(*) FROM photos WHERE status = 'ready'" 2>/dev/null || echo 0)
  curl -fs "$base/healthz" >/dev/null 2>&1 && [[ "$ready" == 6 ]] && break
  sleep 0.1
done
[[ "$ready" == 6 ]] || { echo "serve-images: the site did not make the photos' sizes; log:" >&2; tail -20 "$work/site.log" >&2; exit 1; }

derivative_of() { # album slug → /media/d/{photo}/{file} of its first photo's 640 px size
  sqlite3 "$db" "SELECT '/media/d/' || d.photo_id || '/' || substr(d.blob_key, length('derivatives/' || d.photo_id || '/') + 1)
                 FROM derivatives d JOIN photos p ON p.id = d.photo_id JOIN albums a ON a.id = p.album_id
                 WHERE a.slug = '$1' AND d.width = 640 ORDER BY d.photo_id LIMIT 1"
}
public_url="$(derivative_of public)"
# The public album's largest original: its URL on the site, and its blob key (nginx serves the same file).
read -r original_url original_key < <(sqlite3 -separator ' ' "$db" "SELECT '/media/o/' || p.id || '/' ||
    substr(p.sha256, 1, 16), p.original_key FROM photos p JOIN albums a ON a.id = p.album_id
    WHERE a.slug = 'public' ORDER BY p.byte_size DESC LIMIT 1")
original_url="$original_url.${original_key##*.}"
private_url="$(derivative_of private)"

# Sign in as the owner: the form's CSRF token, then the session cookie.
jar="$work/cookies"
csrf=$(curl -fs -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_csrf=$csrf" --data-urlencode "email=$email" \
  --data-urlencode "password=$password" "$base/login"
session=$(awk '$6 == "vitrine_session" { print $7 }' "$jar")
[[ -n "$session" ]] || { echo "serve-images: sign-in failed" >&2; exit 1; }
curl -fs -o /dev/null "$base$public_url" || { echo "serve-images: public image not served" >&2; exit 1; }
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$base$private_url")" == 404 ]] \
  || { echo "serve-images: private image served to a visitor" >&2; exit 1; }
curl -fs -o /dev/null -H "Cookie: vitrine_session=$session" "$base$private_url" \
  || { echo "serve-images: private image refused to its owner" >&2; exit 1; }

# nginx: one worker, the same files under the same paths, its usual static-file settings.
mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { image/jpeg jpg; }
  client_body_temp_path $work/nginx/tmp; proxy_temp_path $work/nginx/tmp; fastcgi_temp_path $work/nginx/tmp;
  uwsgi_temp_path $work/nginx/tmp; scgi_temp_path $work/nginx/tmp;
  server {
    listen 127.0.0.1:$nginx_port;
    location /media/d/ { alias $work/data/blobs/derivatives/; add_header Cache-Control "public, max-age=31536000, immutable"; }
    location /blobs/ { alias $work/data/blobs/; }
  }
}
EOF
# nginx's worker runs as nobody: let it read the files (the folder from mktemp is the owner's only).
chmod -R a+rX "$work"
"$nginx_bin" -c "$work/nginx/nginx.conf" -p "$work/nginx" 2>"$work/nginx/stderr" &
nginx_pid=$!
nbase="http://127.0.0.1:$nginx_port"
for _ in $(seq 1 100); do curl -fs -o /dev/null "$nbase$public_url" && break; sleep 0.05; done
site_etag=$(curl -fsI "$base$public_url" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" { print $2 }')
[[ -n "$(curl -fsI "$nbase$public_url")" ]] || { echo "serve-images: nginx does not serve the image" >&2; cat "$work/nginx/stderr" "$work/nginx/logs/error.log" >&2; exit 1; }
nginx_etag=$(curl -fsI "$nbase$public_url" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" { print $2 }')
[[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $site_etag" "$base$public_url")" == 304 ]] \
  || { echo "serve-images: the site does not answer 304" >&2; exit 1; }
[[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $nginx_etag" "$nbase$public_url")" == 304 ]] \
  || { echo "serve-images: nginx does not answer 304" >&2; exit 1; }
size=$(curl -fs -o /dev/null -w '%{size_download}' "$base$public_url")
# Range requests on the original: the same 64 KiB from both, and the same bytes as the file.
range="bytes=65536-131071"
cmp <(curl -fs -H "Range: $range" "$base$original_url") <(curl -fs -H "Range: $range" "$nbase/blobs/$original_key") \
  || { echo "serve-images: the site's range of the original differs from nginx's" >&2; exit 1; }
[[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Range: $range" "$base$original_url")" == 206 ]] \
  || { echo "serve-images: the site does not answer 206" >&2; exit 1; }

# wrk → "requests/s p99-ms"
measure() {
  local out rps p99
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$@")
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }' <<<"$out")
  if grep -q "Non-2xx or 3xx" <<<"$out"; then echo "serve-images: errors in: wrk $*" >&2; grep "Non-2xx" <<<"$out" >&2; fi
  echo "$rps $p99"
}
# Warm both (JIT, page cache) before measuring.
wrk -t"$threads" -c"$connections" -d3s "$base$public_url" >/dev/null
wrk -t"$threads" -c"$connections" -d3s -H "Cookie: vitrine_session=$session" "$base$private_url" >/dev/null
wrk -t"$threads" -c"$connections" -d1s "$nbase$public_url" >/dev/null

echo "serve-images: wrk -t$threads -c$connections -d${duration}s, 640 px derivative of $size bytes, $(date -u '+%F %H:%M UTC')"
echo "medians of $rounds rounds, each side in turn; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-28s %12s %9s %12s %9s %8s  %s\n' case "vitrine r/s" "p99 ms" "nginx r/s" "p99 ms" ratio "ratio per round"
row() {
  local name="$1" v n
  v=($2) n=($3)
  printf '%-28s %12s %9s %12s %9s %8s  %s\n' "$name" "${v[0]}" "${v[1]}" "${n[0]}" "${n[1]}" \
    "$(awk -v a="${v[0]}" -v b="${n[0]}" 'BEGIN { printf "%.3f", a / b }')" "$4"
}
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# compare NAME SITE_ARGS NGINX_ARGS (names of arrays): ROUNDS runs of each, taking turns, so that a burst of load
# from elsewhere on the shared machine hits both; the medians of requests/s and of p99, and each round's ratio.
compare() {
  local name="$1" i out vr=() vp=() nr=() np=() ratios=""
  local -n site_args="$2" nginx_args="$3"
  for ((i = 0; i < rounds; i++)); do
    out=($(measure "${site_args[@]}")); vr+=("${out[0]}"); vp+=("${out[1]}")
    out=($(measure "${nginx_args[@]}")); nr+=("${out[0]}"); np+=("${out[1]}")
    ratios+="$(awk -v a="${vr[i]}" -v b="${nr[i]}" 'BEGIN { printf "%.2f ", a / b }')"
  done
  row "$name" "$(median "${vr[@]}") $(median "${vp[@]}")" "$(median "${nr[@]}") $(median "${np[@]}")" "$ratios"
}
site=("$base$public_url"); nginx=("$nbase$public_url")
compare "public derivative" site nginx
site=(-H "If-None-Match: $site_etag" "$base$public_url"); nginx=(-H "If-None-Match: $nginx_etag" "$nbase$public_url")
compare "304 (If-None-Match)" site nginx
site=(-H "Range: $range" "$base$original_url"); nginx=(-H "Range: $range" "$nbase/blobs/$original_key")
compare "range of original (64 KiB)" site nginx
site=(-H "Cookie: vitrine_session=$session" "$base$private_url")
nginx=(-H "Cookie: vitrine_session=$session" "$nbase$private_url")
compare "private, owner's cookie" site nginx
