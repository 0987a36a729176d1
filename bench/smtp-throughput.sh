#!/usr/bin/env bash
# SMTP gate throughput: smtp-source straight to smtp-sink, then smtp-source through
# `bayard serve` to the same smtp-sink, 10 KB messages, in one run. Prints messages per second of
# both and the time each message spent in Bayard at the end of DATA (p50, p99, from the decision
# log: DATA command to final reply, including relaying to the sink and waiting for its 250).
# Usage: bench/smtp-throughput.sh [MESSAGES] [SESSIONS]     (defaults 5000 and 20)
# Needs smtp-source and smtp-sink (Debian package postfix). Everything runs on loopback.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
messages="${1:-5000}"
sessions="${2:-20}"
for t in /usr/sbin/smtp-source /usr/sbin/smtp-sink; do
  [ -x "$t" ] || { echo "smtp-throughput: $t is missing (apt-get install postfix)" >&2; exit 1; }
done

. "$home/bench/scratch.sh"
now() { date +%s.%N; }
rate() { python3 -c "import sys; n,a,b=map(float,sys.argv[1:]); print(f'{n/(b-a):.0f}')" "$1" "$2" "$3"; }

# A store trained on the bundled sample, and a policy that relays everything (the PASS path, L1).
./bayard learn --db "$work/db" --ham samples/ham.mbox >/dev/null
./bayard learn --db "$work/db" --spam samples/spam.mbox >/dev/null
cat > "$work/bayard.yaml" <<YAML
policy:
  unsure-action: accept
  reject-score: 1000
  hold-score: 1000
  tag-score: 1000
YAML

sink=$(free_port)
/usr/sbin/smtp-sink -u nobody "127.0.0.1:$sink" 1024 & pids+=($!)
wait_port "$sink"
gate=$(free_port)
BAYARD_JAVA_OPTS="-Xmx1g" ./bayard serve -c "$work/bayard.yaml" --db "$work/db" --listen "127.0.0.1:$gate" \
  --next-hop "127.0.0.1:$sink" --quarantine "$work/q" >> "$work/decisions.log" 2> "$work/serve.err" & pids+=($!)
wait_port "$gate"

source_run() { # PORT COUNT
  /usr/sbin/smtp-source -s "$sessions" -m "$2" -l 10240 -f sender@example.org -t rcpt@example.test "127.0.0.1:$1"
}

echo "warming up (JIT): 2000 messages through bayard..." >&2
source_run "$gate" 2000
# emptied for the measured run: serve appends (>>), so its next line lands at the new start, not
# after a hole of NULs where the old end was, which cost the count its first line
: > "$work/decisions.log"

t0=$(now); source_run "$sink" "$messages"; t1=$(now)
direct=$(rate "$messages" "$t0" "$t1")
t0=$(now); source_run "$gate" "$messages"; t1=$(now)
through=$(rate "$messages" "$t0" "$t1")
# the decision log is written behind the replies: wait (10 s at most) for every message's line
for _ in $(seq 200); do
  [ "$(grep -c '"event":"message"' "$work/decisions.log")" -ge "$messages" ] && break
  sleep 0.05
done

python3 - "$work/decisions.log" "$messages" "$sessions" "$direct" "$through" <<'PY'
import json, sys
path, n, s, direct, through = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
ms, replies = [], {}
for line in open(path):
    try:
        d = json.loads(line)
    except ValueError:
        continue
    if d.get("event") != "message":
        continue
    ms.append(d["ms"])
    code = d["reply"][:3]
    replies[code] = replies.get(code, 0) + 1
ms.sort()
def pct(p):
    return ms[min(len(ms) - 1, int(p / 100 * len(ms)))] if ms else float("nan")
print(f"messages: {n} of 10 KB, {s} sessions (smtp-source -s {s} -m {n} -l 10240)")
print(f"smtp-source -> smtp-sink:              {direct} msg/s")
print(f"smtp-source -> bayard serve -> smtp-sink: {through} msg/s")
print(f"time in bayard at end of DATA (DATA to final reply, incl. relay): p50 {pct(50):.1f} ms, p99 {pct(99):.1f} ms, max {ms[-1] if ms else 0:.1f} ms")
print(f"replies: {replies}")
PY
