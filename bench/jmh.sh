#!/usr/bin/env bash
# Builds the JMH benchmarks (bench/src/main/java/org/bayard/bench/jmh) into
# bench/target/bayard-bench.jar and runs them on the repository's samples/.
# Usage: bench/jmh.sh [JMH ARGS...]   e.g. bench/jmh.sh ScoreBench -p store=lmdb
# Defaults to -f 1 -wi 2 -i 3 (one fork: on 2 cores only ratios within a run mean much);
# an option given on the command line replaces its default. bench/jmh.sh -h lists JMH's options.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/build.sh"
# JMH refuses a repeated option, so a default is only added when the caller did not give it
defaults=()
for opt in -f -wi -i; do
  given=0
  for a in "$@"; do [ "$a" = "$opt" ] && given=1; done
  if [ $given = 0 ]; then
    case $opt in -f) defaults+=(-f 1) ;; -wi) defaults+=(-wi 2) ;; -i) defaults+=(-i 3) ;; esac
  fi
done
# forked benchmark JVMs inherit these host JVM flags (LMDB needs the opens; samples need bayard.home)
set_lmdb_jvm_flags
exec "$JAVA_HOME/bin/java" "${lmdb_jvm_flags[@]}" -Dbayard.home="$home" \
  -jar bench/target/bayard-bench.jar ${defaults[@]+"${defaults[@]}"} "$@"
