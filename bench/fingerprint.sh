#!/usr/bin/env bash
# Prints, per corpus message, its distinct feature count and a hash of its feature set.
# Usage: bench/fingerprint.sh [INDEX] > prints.txt
# Speed work on parsing or tokenizing must leave this output unchanged: diff it before and after.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
. scripts/find-jdk.sh
find_jdk || exit 1
index="$(realpath "${1:-$home/../shared/corpus/spamassassin/index}")"
./mvnw -q -B -DskipTests -pl bench -am package >&2
exec "$JAVA_HOME/bin/java" -cp "app/target/bayard.jar:bench/target/classes" org.bayard.bench.Fingerprint "$index"
