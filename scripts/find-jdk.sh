# Sourced by ./bayard and ./run-tests: sets JAVA_HOME to a JDK 21 or newer.
# Order: $JAVA_HOME if it is new enough, then the newest JDK whose javac (or java, to run a built
# Bayard) is on PATH or under /usr/lib/jvm.

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

# find_jdk [java|javac]: the tool the JDK must have. Running a built Bayard needs java alone, so a
# JRE will do (the eclipse-temurin:21-jre image, openjdk-21-jre-headless); building needs javac.
find_jdk() {
  local tool="${1:-javac}"
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/$tool" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  local best="" best_major=0 dir major on_path=""
  if command -v "$tool" >/dev/null 2>&1; then
    on_path=$(readlink -f "$(command -v "$tool")" 2>/dev/null) && on_path="${on_path%/bin/$tool}" || on_path=""
  fi
  for dir in ${on_path:+"$on_path"} /usr/lib/jvm/*; do
    [ -x "$dir/bin/$tool" ] || continue
    major=$(java_major "$dir/bin/java")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then best="$dir" best_major=$major; fi
  done
  if [ -z "$best" ]; then
    local what="JDK"; [ "$tool" = java ] && what="Java"
    echo "bayard: no $what 21 or newer found ($(jdks_seen "$tool" "$on_path")); $(jdk_install_advice)" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

# What find_jdk looked at and found, for its refusal: "JAVA_HOME=/x is Java 17, /usr/lib/jvm has Java 17".
jdks_seen() {
  local tool="$1" seen="" dir versions=""
  if [ -z "${JAVA_HOME:-}" ]; then seen="JAVA_HOME is not set"
  elif [ -x "$JAVA_HOME/bin/$tool" ]; then seen="JAVA_HOME=$JAVA_HOME is Java $(java_major "$JAVA_HOME/bin/java")"
  elif [ -x "$JAVA_HOME/bin/java" ]; then seen="JAVA_HOME=$JAVA_HOME is a JRE, without the javac that building needs"
  else seen="JAVA_HOME=$JAVA_HOME holds no Java"
  fi
  if [ -n "$2" ]; then seen="$seen, $tool on PATH is Java $(java_major "$2/bin/java")"; fi
  for dir in /usr/lib/jvm/*; do
    [ -x "$dir/bin/$tool" ] && versions="${versions:+$versions, }$(java_major "$dir/bin/java")"
  done
  echo "$seen, /usr/lib/jvm has ${versions:+Java }${versions:-no $([ "$tool" = java ] && echo Java || echo JDK)}"
}

# How to get a JDK 21+ here. Debian 12 and Ubuntu 22.04 have no openjdk-21 package, and advice
# to install one ended in apt-get's "Unable to locate package": a package is named only if the
# package manager knows it, else Temurin, which has packages for those releases.
jdk_install_advice() {
  local pkg
  if command -v apt-cache >/dev/null 2>&1; then
    for pkg in openjdk-25-jdk-headless openjdk-21-jdk-headless; do
      if apt-cache show "$pkg" >/dev/null 2>&1; then echo "install one (apt-get install $pkg) or set JAVA_HOME to one"; return; fi
    done
  fi
  echo "install one, e.g. Eclipse Temurin 21 or newer (https://adoptium.net/installation/linux/, packages for Debian, Ubuntu, RHEL and SUSE), or set JAVA_HOME to one"
}
