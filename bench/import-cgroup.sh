#!/usr/bin/env bash
# Small-server import: the whole site (server + supervised worker process) inside a cgroup v1 memory limit,
# importing COUNT camera-size photos through the real upload endpoint while a visitor loop requests the album page.
# Then the standalone worker's rate on the same photos, for the ratio the issue asks for.
#   sudo bench/import-cgroup.sh [MEMORY_MIB=512] [WORKER_THREADS=1] [COUNT=1000] [PHOTO...]
# Needs root (cgroup v1 memory controller at /sys/fs/cgroup/memory), ./vitrine build, bench/make-photos.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
mem="${1:-512}"; threads="${2:-1}"; count="${3:-1000}"; shift $(( $# < 3 ? $# : 3 )) || true
photos=("$@"); [[ ${#photos[@]} -gt 0 ]] || photos=(bench/photos/24mp-baseline.jpg bench/photos/24mp-progressive.jpg)
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
cg=/sys/fs/cgroup/memory/vitrine-bench-$$
data=$(mktemp -d /tmp/vitrine-bench.XXXX)
port=$(( 20000 + RANDOM % 20000 ))
log="$data/server.log"
cleanup() {
  [[ -n "${server:-}" ]] && kill "$server" 2>/dev/null || true
  sleep 1
  if [[ -d $cg ]]; then for p in $(cat "$cg/cgroup.procs" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done; sleep 0.5; rmdir "$cg" 2>/dev/null || true; fi
}
trap cleanup EXIT

mkdir "$cg"
echo $(( mem * 1024 * 1024 )) > "$cg/memory.limit_in_bytes"
export VITRINE_DATA_DIR="$data" VITRINE_PORT="$port" VITRINE_BIND=127.0.0.1 VITRINE_BASE_URL="http://127.0.0.1:$port"
export VITRINE_WORKER_THREADS="$threads" MALLOC_ARENA_MAX=2
echo "bench password 1234" | "$java" -jar app/target/vitrine.jar user add bench@example.com >/dev/null
# The site and everything it starts live in the cgroup: the shell joins it, then becomes the site, started exactly
# as a user starts it (./vitrine sizes the web process's heap from the cgroup's limit).
sh -c "echo \$\$ > $cg/cgroup.procs; exec ./vitrine serve" > "$log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

# cgroup v1 also charges the page cache (the originals being written) to the group and reclaims it at the limit,
# so max_usage_in_bytes sits at the limit; the processes' own memory is total_rss, sampled here.
( peak=0; while [[ -d $cg ]]; do
    rss=$(awk '/^total_rss /{print $2}' "$cg/memory.stat" 2>/dev/null || echo 0)
    (( rss > peak )) && peak=$rss && echo $(( peak / 1024 / 1024 )) > "$data/peak-rss"
    sleep 0.2; done ) &
echo "== import of $count photos, ${mem} MiB cgroup, $threads worker thread(s)"
"$java" bench/src/ImportBench.java "http://127.0.0.1:$port" bench@example.com "bench password 1234" "$count" 2 "${photos[@]}" \
  | tee "$data/import.tsv"
alive=$(kill -0 "$server" 2>/dev/null && echo yes || echo no)
echo "server_alive	$alive"
echo "cgroup_peak_mib	$(( $(cat "$cg/memory.max_usage_in_bytes") / 1024 / 1024 ))"
echo "peak_rss_mib	$(cat "$data/peak-rss")"
for p in $(cat "$cg/cgroup.procs"); do
  role=$(tr '\0' ' ' < /proc/$p/cmdline | grep -q -- '--supervised' && echo worker || echo site)
  echo "peak_rss_${role}_mib	$(( $(awk '/VmHWM/ {print $2}' /proc/$p/status) / 1024 ))"
done
echo "cgroup_failcnt	$(cat "$cg/memory.failcnt")"
echo "oom_kills	$(awk '/oom_kill /{print $2}' "$cg/memory.oom_control" 2>/dev/null || echo n/a)"
echo "worker_restarts	$(grep -c 'died' "$log" || true)"
kill "$server"; wait "$server" 2>/dev/null || true; server=

sample=$(( count < 200 ? count : 200 ))
echo "== standalone worker on $sample of the same photos (no web traffic)"
# Re-queue a sample of the imported photos (same mix) and time one worker alone through it.
sqlite3 "$data/vitrine.db" "DELETE FROM jobs; UPDATE photos SET status='processing' WHERE id <= $sample;
  INSERT INTO jobs (kind, subject_id, status, attempts, run_at, created_at, updated_at)
  SELECT 'DERIVATIVES', id, 'queued', 0, 0, 0, 0 FROM photos WHERE id <= $sample;" 2>/dev/null \
  || { echo "sqlite3 CLI needed for the standalone run (apt-get install sqlite3)"; exit 0; }
start=$(date +%s.%N)
"$java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -jar app/target/vitrine.jar worker > "$data/worker.log" 2>&1 &
worker=$!
while [[ $(sqlite3 "$data/vitrine.db" "SELECT COUNT(*) FROM photos WHERE status='processing'") -gt 0 ]]; do sleep 0.5; done
end=$(date +%s.%N)
kill "$worker"; wait "$worker" 2>/dev/null || true
echo "standalone_photos_per_min	$(echo "$sample * 60 / ($end - $start)" | bc -l | xargs printf '%.1f')"
rm -rf "$data"
