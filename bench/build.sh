# Sourced by the bench scripts: moves to the repository root, finds a JDK 21+ (JAVA_HOME) and
# builds the bench module and what it needs. Sets $home and $corpus_index (the public corpus's
# default index, relative to the repository root).
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
. scripts/find-jdk.sh
find_jdk || exit 1
corpus_index="$home/../shared/corpus/spamassassin/index"
./mvnw -q -B -DskipTests -pl bench -am package >&2
