#!/usr/bin/env bash
# Replays a TREC index through bogofilter with the online protocol (classify each message, then
# train it with its label), writing label<TAB>score<TAB>path like 'bayard eval --scores', so both
# can be drawn on one ROC plot with 'bayard eval plot'. Usage: bench/bogofilter-online.sh INDEX OUT.tsv
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: bench/bogofilter-online.sh INDEX OUT.tsv (a TREC index: label and path per line)" >&2; exit 2
fi
index="$1"; out="$2"
[ -f "$index" ] && [ -r "$index" ] || { echo "bogofilter-online.sh: cannot read index $index: not a readable file" >&2; exit 2; }
command -v bogofilter >/dev/null || { echo "bogofilter is not installed (apt-get install -y bogofilter)" >&2; exit 1; }
base="$(cd "$(dirname "$index")" && pwd)"
db="$(mktemp -d)"; trap 'rm -rf "$db"' EXIT
: > "$out"
while read -r label path; do
  [ -z "$label" ] && continue
  # Exit codes 0/1/2 are the verdict, 3 an error; before the first training there is no
  # wordlist yet, and the message counts as unknown (0.5), as bogofilter's robx would have it.
  result=$(bogofilter -d "$db" -T < "$base/$path" 2>/dev/null) || true
  score=$(printf '%s' "$result" | awk '{print $2}')
  [ -n "$score" ] || score=0.5
  printf '%s\t%s\t%s\n' "$label" "$score" "$path" >> "$out"
  if [ "$label" = spam ]; then bogofilter -d "$db" -s < "$base/$path"; else bogofilter -d "$db" -n < "$base/$path"; fi
done < "$index"
