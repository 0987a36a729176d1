# Sourced by throughput.sh and fingerprint.sh before build.sh: checks their arguments where the
# user typed them, in one line each, before a build of half a minute. build.sh moves to the
# repository root, and an INDEX relative to the current folder was looked for there; a mistake
# ended in realpath's words or a Java stack trace.

bench_script="bench/$(basename "$0")"

# bench_refuse CODE MESSAGE...: says what is wrong in one line and ends the script
bench_refuse() {
  local code="$1"; shift
  echo "$bench_script: $*" >&2
  exit "$code"
}

# bench_index [INDEX]: prints the index as an absolute path; the public corpus's when none is given
bench_index() {
  local index
  if [ $# = 0 ]; then
    index="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/../shared/corpus/spamassassin/index"
    [ -e "$index" ] || bench_refuse 2 "no INDEX given and no corpus at the default $(realpath -m "$index"):" \
      "give a TREC index ('ham PATH' or 'spam PATH' per line)"
  else
    index="$1"
    [ -n "$index" ] || bench_refuse 2 "the INDEX given is empty: give a TREC index ('ham PATH' or 'spam PATH' per line)"
    [ -e "$index" ] || bench_refuse 1 "no such index: $index"
  fi
  if [ -d "$index" ]; then
    local hint=""; [ -f "$index/index" ] && hint=", such as $index/index"
    bench_refuse 1 "$index is a directory: give the index file$hint ('ham PATH' or 'spam PATH' per line)"
  fi
  [ -r "$index" ] || bench_refuse 1 "cannot read index $index: permission denied"
  realpath "$index"
}

# bench_count NAME VALUE LEAST: refuses a VALUE that is no whole number of at least LEAST
bench_count() {
  [[ "$2" =~ ^[0-9]+$ ]] && [ "$((10#$2))" -ge "$3" ] 2>/dev/null && [ "${#2}" -le 9 ] \
    || bench_refuse 2 "$1 must be a whole number from $3 to 999999999, not '$2'"
}
