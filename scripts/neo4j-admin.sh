#!/usr/bin/env bash
# neo4j-admin from the Maven artifacts of the local Neo4j launcher (scripts/neo4j, built by
# `make neo4j`): Neo4j's own admin tool (org.neo4j.cli.AdminTool), e.g. the bulk importer
# for the CSVs that `newsgraph export --format neo4j-admin` writes:
#
#   newsgraph export out.jsonl --format neo4j-admin -o import/
#   bash scripts/neo4j.sh stop                      # the importer writes a new database: server stopped
#   bash scripts/neo4j-admin.sh database import full neo4j --overwrite-destination=true ...
#   bash scripts/neo4j.sh start
#
# Environment: NEWSGRAPH_NEO4J_HOME (the server's home, default <repo>/.neo4j; the database is
# written to its data/), NEO4J_JAVA_HOME (a JDK; default: the one the launcher was built for).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/.." && pwd)"
TARGET="$SCRIPT_DIR/neo4j/target"
HOME_DIR="${NEWSGRAPH_NEO4J_HOME:-$REPO/.neo4j}"

die() { echo "neo4j-admin: $*" >&2; exit 1; }

[ -f "$TARGET/.built" ] && [ -d "$TARGET/lib" ] ||
  die "the Neo4j launcher is not built yet: run \`make neo4j\` (or bash scripts/neo4j.sh start) once"

# The JDK the launcher was built for ("<version> java<major>" in target/.built).
want="$(sed -n 's/.* java\([0-9]*\)$/\1/p' "$TARGET/.built")"
java=""
for c in ${NEO4J_JAVA_HOME:-} ${JAVA_HOME:-} /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
  [ -x "$c/bin/java" ] || continue
  v="$("$c/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')"
  if [ -n "${NEO4J_JAVA_HOME:-}" ] || [ "${v:-0}" = "$want" ]; then java="$c/bin/java"; break; fi
done
[ -n "$java" ] || die "no Java $want found (set NEO4J_JAVA_HOME)"

mkdir -p "$HOME_DIR/conf" "$HOME_DIR/logs"
export NEO4J_HOME="$HOME_DIR" NEO4J_CONF="$HOME_DIR/conf"
exec "$java" -Xmx"${NEO4J_ADMIN_HEAP:-1g}" -Dfile.encoding=UTF-8 \
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
  -cp "$TARGET/classes:$TARGET/lib/*" org.neo4j.cli.AdminTool "$@"
