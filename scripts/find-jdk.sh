# Sourced by ./bayard and ./run-tests: sets JAVA_HOME to a JDK 21 or newer.
# Order: $JAVA_HOME if it is new enough, then the newest JDK under /usr/lib/jvm.

java_major() { # prints the major version of the java binary $1, or 0
  # The JDK's release file says it without starting a JVM, which took about 60 ms of CPU per JDK
  # looked at, before every message in pipe mode; java itself is asked only when there is none.
  local release="${1%/bin/java}/release" major=""
  if [ -r "$release" ]; then major=$(sed -n '/^JAVA_VERSION="/ { s/^JAVA_VERSION="\([0-9]*\).*/\1/p; q; }' "$release" 2>/dev/null) || major=""; fi
  if [ -n "$major" ] && [ "$major" -ge 9 ] 2>/dev/null; then echo "$major"; return; fi
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }' || echo 0
}

# The flags every Bayard JVM needs, in the array lmdb_jvm_flags, for $JAVA_HOME's java: lmdbjava's
# opens, and from JDK 23 the permission for its use of sun.misc.Unsafe (JDK 21 and 22 do not know
# that option and refuse to start with it).
set_lmdb_jvm_flags() {
  lmdb_jvm_flags=(--add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
    --enable-native-access=ALL-UNNAMED)
  if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 23 ]; then lmdb_jvm_flags+=(--sun-misc-unsafe-memory-access=allow); fi
}

find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  best="" best_major=0
  for dir in /usr/lib/jvm/*; do
    [ -x "$dir/bin/javac" ] || continue
    major=$(java_major "$dir/bin/java")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then best="$dir" best_major=$major; fi
  done
  if [ -z "$best" ]; then
    echo "bayard: no JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm); install one, e.g. apt-get install -y openjdk-21-jdk or Temurin 21+" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
