# Sourced by the bench scripts: moves to the repository root, finds a JDK 21+ (JAVA_HOME) and
# builds the bench module and what it needs. Sets $home. (arguments.sh, sourced before it, checks
# the scripts' arguments and knows the public corpus's default index.)
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
. scripts/find-jdk.sh
find_jdk || exit 1
./mvnw -q -B -DskipTests -pl bench -am package >&2
