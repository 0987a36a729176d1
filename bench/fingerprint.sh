#!/usr/bin/env bash
# Prints, per corpus message, its distinct feature count and a hash of its feature set.
# Usage: bench/fingerprint.sh [INDEX] > prints.txt
# Speed work on parsing or tokenizing must leave this output unchanged: diff it before and after.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/arguments.sh"
[ $# -le 1 ] || bench_refuse 2 "too many arguments; usage: bench/fingerprint.sh [INDEX] > prints.txt"
index="$(bench_index ${1+"$1"})" || exit $?
. "$(dirname "${BASH_SOURCE[0]}")/build.sh"
exec "$JAVA_HOME/bin/java" -cp "app/target/bayard.jar:bench/target/classes" org.bayard.bench.Fingerprint "$index"
