# Shared by bench/cloud-import.sh and bench/cloud-serve.sh (sourced): builds the jar when stale, starts s3proxy on
# loopback (its data under $work, its bucket a folder there) and offers small helpers. Everything started is
# stopped by the caller's cleanup (pids in $started).
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
