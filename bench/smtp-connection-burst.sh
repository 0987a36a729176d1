#!/usr/bin/env bash
# SMTP gate under a connection flood (RELIABILITY P11): opens CONNECTIONS connections to
# `bayard serve` at once (non-blocking sockets, all begun before any greeting is read) and prints
# how long until each had its first line: the last one, p50 and p99, and the lines by kind. The
# gate's limits leave room for the burst; then, with the burst open, one more connection from the
# same address and one past the total show the limits' 421s.
# Usage: bench/smtp-connection-burst.sh [CONNECTIONS] [ROUNDS]     (defaults 1000 and 3)
# Needs smtp-sink (Debian package postfix) as the next hop and python3. Everything runs on loopback.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
connections="${1:-1000}"
rounds="${2:-3}"
[ -x /usr/sbin/smtp-sink ] || { echo "smtp-connection-burst: /usr/sbin/smtp-sink is missing (apt-get install postfix)" >&2; exit 1; }
[ "$(ulimit -n)" -gt $((connections + 100)) ] || ulimit -n $((connections + 1000))

. "$home/bench/scratch.sh"

./bayard learn --db "$work/db" --ham samples/ham.mbox >/dev/null
./bayard learn --db "$work/db" --spam samples/spam.mbox >/dev/null
# the burst from one address, and a last one from another, within both limits
cat > "$work/bayard.yaml" <<YAML
smtp:
  max-connections: $((connections + 1))
  max-connections-per-client: $connections
YAML

sink=$(free_port)
/usr/sbin/smtp-sink -u nobody "127.0.0.1:$sink" 64 & pids+=($!)
wait_port "$sink"
gate=$(free_port)
./bayard serve -c "$work/bayard.yaml" --db "$work/db" --listen "127.0.0.1:$gate" --next-hop "127.0.0.1:$sink" \
  --quarantine "$work/q" > "$work/decisions.log" 2> "$work/serve.err" & pids+=($!)
wait_port "$gate"

python3 - "$gate" "$connections" "$rounds" <<'PY'
import selectors, socket, sys, time
port, n, rounds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])

def burst(count, source):
    """Opens count connections from source at once; (seconds to each first line, lines by kind, sockets)."""
    sel = selectors.DefaultSelector()
    socks, got, kinds, read = [], {}, {}, {}
    t0 = time.monotonic()
    for i in range(count):
        s = socket.socket()
        s.bind((source, 0))
        s.setblocking(False)
        try:
            s.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        sel.register(s, selectors.EVENT_READ, i)
        socks.append(s)
    deadline = t0 + 120
    while len(got) < count and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=1):
            try:
                data = key.fileobj.recv(512)
            except OSError:
                data = b""
            so_far = read[key.data] = read.get(key.data, b"") + data
            # a refusal counts once the gate has closed the connection, and given its slot back
            if data and (b"\r\n" not in so_far or so_far.startswith(b"421")):
                continue
            line = so_far.split(b"\r\n")[0].decode("ascii", "replace")
            kind = line[:9] if line.startswith("421") else (line[:3] or "closed")
            kinds[kind] = kinds.get(kind, 0) + 1
            got[key.data] = time.monotonic() - t0
            sel.unregister(key.fileobj)
    if len(got) < count:
        kinds["nothing in 120 s"] = count - len(got)
    return sorted(got.values()), kinds, socks

for r in range(1, rounds + 1):
    times, kinds, socks = burst(n, "127.0.0.2")
    pct = lambda p: times[min(len(times) - 1, int(p / 100 * len(times)))] * 1000
    print(f"round {r}: {n} connections at once: last first line after {times[-1]*1000:.0f} ms "
          f"(p50 {pct(50):.0f} ms, p99 {pct(99):.0f} ms): {kinds}")
    _, same, extra1 = burst(1, "127.0.0.2")
    _, other, extra2 = burst(1, "127.0.0.3")
    _, past, extra3 = burst(1, "127.0.0.4")
    print(f"  with them open: one more from 127.0.0.2 {same}, one from 127.0.0.3 {other}, one past the total {past}")
    for s in socks + extra1 + extra2 + extra3:
        s.close()
    time.sleep(1)  # the gate counts the closed sessions down before the next round
PY
