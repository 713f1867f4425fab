#!/usr/bin/env bash
# Issue 10 §2: what the places data costs the web process. Starts the web process on a 64 MiB heap (a small
# server's) with the place names off, then on (the first start loads them into a fresh SQLite database), and
# prints start time, heap after GC and RSS for each, in the same run.
#   Usage: bench/places-memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ ! -f app/target/vitrine.jar || -n "$(find app/src/main pom.xml app/pom.xml -newer app/target/vitrine.jar -print -quit)" ]]; then
  ./mvnw -q -B -DskipTests package
fi
for names in off on; do
  "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx64m -cp app/target/vitrine.jar bench/src/PlacesMemoryBench.java "$names" \
    2>&1 | grep -E "^places=|places: loaded|Exception|Error"
done
