#!/usr/bin/env bash
# Prints Bayard's classify and train messages per second over a labelled corpus, in one warm JVM,
# single-threaded, on the embedded LMDB store. Usage: bench/throughput.sh [INDEX] [ROUNDS]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
. scripts/find-jdk.sh
find_jdk || exit 1
index="${1:-$home/../shared/corpus/spamassassin/index}"
rounds="${2:-3}"
./mvnw -q -B -DskipTests -pl bench -am package >&2
cp="app/target/bayard.jar:bench/target/classes"
exec "$JAVA_HOME/bin/java" -Xmx1g --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -cp "$cp" org.bayard.bench.Throughput "$index" "$rounds"
