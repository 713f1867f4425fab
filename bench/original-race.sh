#!/usr/bin/env bash
# Issue 7 item 6: deleting a photo (or its album) while the same bytes are uploaded to another album must never
# lose the new upload's original. Runs OriginalSharingRaceTest with many rounds on SQLite and on the local
# PostgreSQL (127.0.0.1:5432) and prints "lost N of M" per database. Bounded: ROUNDS rounds (default 10000), no
# network beyond loopback. Usage: bench/original-race.sh [ROUNDS] [TEST-METHOD-PATTERN]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-10000}"
methods="${2:-*}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -q -B -pl app test -Dtest="OriginalSharingRaceTest#${methods}" -Dsurefire.failIfNoSpecifiedTests=false \
    -Dvitrine.race.rounds="$rounds" 2>&1 | grep -E "original race|Tests run:|FAIL" || true
