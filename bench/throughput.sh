#!/usr/bin/env bash
# Classify and train throughput of Bayard and bogofilter on the same corpus, in one run.
# Usage: bench/throughput.sh [INDEX] [ROUNDS]
#   INDEX   a TREC-style index ("ham|spam PATH" lines, paths relative to the index's directory);
#           default ../shared/corpus/spamassassin/index relative to the repository root
#   ROUNDS  measured rounds (default 3), after warm-up rounds until the JIT settles; figures are medians
# Environment: THREADS (default: all cores), MIN_TOKENS (default 1000000, for the -Xmx64m run),
#   BENCH_JAVA_OPTS (extra flags for the speed JVM, e.g. -XX:StartFlightRecording=filename=x.jfr).
# Ours: one warm JVM, messages in memory, a fresh LMDB store per round; train then classify,
# on 1 thread and on THREADS threads. bogofilter: bulk mode (-B), files from the page cache,
# installed with apt-get when missing and possible. Then a -Xmx64m JVM trains a store of at
# least MIN_TOKENS tokens and classifies the corpus against it.
# Last, per message: our times, what 10x bogofilter allows, and a yardstick from the speed JVM: a
# bare word loop over the raw bytes (BareWordLoop), the least any word-based filter does.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/arguments.sh"
[ $# -le 2 ] || bench_refuse 2 "too many arguments; usage: bench/throughput.sh [INDEX] [ROUNDS]"
index="$(bench_index ${1+"$1"})" || exit $?
rounds="${2:-3}"
threads="${THREADS:-$(nproc)}"
min_tokens="${MIN_TOKENS:-1000000}"
bench_count ROUNDS "$rounds" 1
bench_count THREADS "$threads" 1
bench_count MIN_TOKENS "$min_tokens" 0
. "$(dirname "${BASH_SOURCE[0]}")/build.sh"
work="$(mktemp -d -t bayard-throughput.XXXXXX)"
trap 'rm -rf "$work"' EXIT
set_lmdb_jvm_flags
java=("$JAVA_HOME/bin/java" "${lmdb_jvm_flags[@]}" -cp "app/target/bayard.jar:bench/target/classes")

get() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
rate() { awk -v n="$1" -v ns="$2" 'BEGIN { printf "%.0f", n / (ns / 1e9) }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.2fx", a / b }'; }

echo "== Bayard, $threads threads available, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"${java[@]}" -Xmx512m ${BENCH_JAVA_OPTS:-} org.bayard.bench.Throughput speed "$index" "$rounds" "$threads" > "$work/ours.txt"
messages=$(get messages "$work/ours.txt")

bogo_train="" bogo_classify="" bogo_rss=""
if ! command -v bogofilter > /dev/null && [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
  echo "== installing bogofilter" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q bogofilter > "$work/apt.log" 2>&1 || echo "   (apt-get failed; see no bogofilter figures)" >&2
fi
if ! command -v bogofilter > /dev/null; then
  echo "== bogofilter is not installed (apt-get install bogofilter): its figures are n/a" >&2
else
  echo "== bogofilter $(bogofilter -V 2>&1 | awk 'NR == 1 { print $3 }'), bulk mode" >&2
  base="$(dirname "$index")"
  # each message's path as Bayard reads the index: the rest of the line after the label, which may
  # hold spaces ("Sent Items/..."); cut at the first space, bogofilter was given other files or none
  paths() { awk -v b="$base" -v want="$1" '{ sub(/^[ \t]+/, ""); sub(/[ \t\r]+$/, "") }
    $0 == "" || /^#/ { next }
    { label = tolower($1); sub(/^[^ \t]+[ \t]+/, "") }
    want == "" || label == want { print b "/" $0 }' "$index"; }
  paths ham > "$work/ham.list"
  paths spam > "$work/spam.list"
  paths "" > "$work/all.list"
  xargs -d '\n' -a "$work/all.list" cat > /dev/null # same footing as ours: the files are in the page cache
  : > "$work/bt" ; : > "$work/bc" ; : > "$work/brss"
  for r in $(seq 0 "$rounds"); do
    db="$work/bogo$r"; mkdir "$db"
    t0=$(date +%s%N)
    xargs -d '\n' -a "$work/ham.list" /usr/bin/time -a -o "$work/brss" -f %M bogofilter -d "$db" -n -B
    xargs -d '\n' -a "$work/spam.list" /usr/bin/time -a -o "$work/brss" -f %M bogofilter -d "$db" -s -B
    t1=$(date +%s%N)
    xargs -d '\n' -a "$work/all.list" /usr/bin/time -a -o "$work/brss" -f %M bogofilter -d "$db" -T -B > "$work/bogo.out" || true # its exit code is the last verdict
    t2=$(date +%s%N)
    rm -rf "$db"
    echo "   $([ "$r" = 0 ] && echo warm-up || echo "round $r"): train $(rate "$messages" $((t1 - t0))) classify $(rate "$messages" $((t2 - t1))) msg/s" >&2
    if [ "$r" -gt 0 ]; then rate "$messages" $((t1 - t0)) >> "$work/bt"; echo >> "$work/bt"; rate "$messages" $((t2 - t1)) >> "$work/bc"; echo >> "$work/bc"; fi
  done
  [ "$(wc -l < "$work/bogo.out")" = "$messages" ] || echo "   warning: bogofilter classified $(wc -l < "$work/bogo.out") of $messages" >&2
  bogo_train=$(median < "$work/bt"); bogo_classify=$(median < "$work/bc")
  bogo_rss=$(sort -n "$work/brss" | tail -1)
fi

echo "== Bayard with -Xmx64m against a store of >= $min_tokens tokens" >&2
lowmem_ok=no; : > "$work/lowmem.txt"
if "${java[@]}" -Xmx64m org.bayard.bench.Throughput lowmem "$index" "$work/lowmem-store" "$min_tokens" > "$work/lowmem.txt"; then
  lowmem_ok=$(get lowmem_completed "$work/lowmem.txt")
fi

o="$work/ours.txt" l="$work/lowmem.txt"
mib() { awk -v k="$1" 'BEGIN { if (k == "" || k < 0) print "n/a"; else printf "%.1f MiB", k / 1024 }'; }
echo
echo "Corpus: $index, $messages messages ($(get megabytes "$o") MB); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); medians of $rounds rounds"
if [ "$(get warm_up_settled "$o")" = no ]; then
  echo "Bayard warmed up for $(get warm_up_rounds "$o") rounds, the most it is given, and the JIT still compiled for $(get last_warm_up_jit_percent "$o")% of the last (settled is under 5%); it compiled for $(get jit_ms_while_measuring "$o") ms while measured"
else
  echo "Bayard warmed up for $(get warm_up_rounds "$o") rounds, until the JIT compiled for under 5% of a round; it compiled for $(get jit_ms_while_measuring "$o") ms while measured"
fi
echo
printf '| %-40s | %12s | %12s | %12s |\n' "" "classify msg/s" "train msg/s" "peak RSS"
printf '|%s|%s|%s|%s|\n' "------------------------------------------" "----------------" "--------------" "--------------"
printf '| %-40s | %14s | %12s | %12s |\n' "Bayard, 1 thread (LMDB)" "$(get classify_1 "$o")" "$(get train_1 "$o")" "$(mib "$(get peak_rss_kib "$o")")"
printf '| %-40s | %14s | %12s | %12s |\n' "Bayard, $threads threads (LMDB)" "$(get classify_n "$o")" "$(get train_n "$o")" "(same JVM)"
printf '| %-40s | %14s | %12s | %12s |\n' "bogofilter -B (bulk)" "${bogo_classify:-n/a}" "${bogo_train:-n/a}" "$(mib "${bogo_rss:-}")"
printf '| %-40s | %14s | %12s | %12s |\n' "ratio Bayard 1 thread / bogofilter" "$(ratio "$(get classify_1 "$o")" "$bogo_classify")" "$(ratio "$(get train_1 "$o")" "$bogo_train")" ""
printf '| %-40s | %14s | %12s | %12s |\n' "ratio Bayard $threads threads / bogofilter" "$(ratio "$(get classify_n "$o")" "$bogo_classify")" "$(ratio "$(get train_n "$o")" "$bogo_train")" ""
printf '| %-40s | %14s | %12s | %12s |\n' "Bayard -Xmx64m, $(get store_tokens "$l" || true) tokens" "${lowmem_ok:-no}: $(get lowmem_classify "$l" || true)" "" "$(mib "$(get peak_rss_kib "$l" || true)")"
echo
echo "Peak RSS is VmHWM and includes the LMDB map's resident pages; at exit, anonymous/file-backed: $(mib "$(get rss_anon_kib "$o")") / $(mib "$(get rss_file_kib "$o")") (speed JVM, -Xmx512m), $(mib "$(get rss_anon_kib "$l" || true)") / $(mib "$(get rss_file_kib "$l" || true)") (64 MB JVM)"
echo "64 MB run: heap $(get max_heap_mib "$l" || true) MiB; store $(get corpus_tokens "$l" || true) tokens from the corpus + $(get synthetic_messages "$l" || true) synthetic messages; completed: ${lowmem_ok:-no}"
per_message() { awk -v r="$1" -v ours="$2" 'BEGIN { if (r == "" || r == 0) print "n/a"; else printf "%.1f", 1e6 / r / ours }'; }
echo "Per message, 1 thread: Bayard classifies in $(per_message "$(get classify_1 "$o")" 1) µs and trains in $(per_message "$(get train_1 "$o")" 1) µs;" \
  "10x bogofilter allows $(per_message "$bogo_classify" 10) µs and $(per_message "$bogo_train" 10) µs."
echo "Yardstick: a bare word loop over the raw bytes (split on ASCII letters and digits, hash words and pairs, count the distinct;" \
  "no MIME, HTML, charset or header handling) takes $(get bare_loop_us "$o") µs a message in the same JVM."
