#!/usr/bin/env bash
# JDK 25: the AOT cache (JEP 483/514) outside Docker, as the Dockerfile does it. Extracts the jar plainly
# (modular-shop.jar + lib/), trains the cache by starting the application on throwaway data up to the end of the
# context refresh, and prints the command that runs with it.
#
#   JAVA=/path/to/jdk-25/bin/java scripts/aot-cache.sh [target/modular-shop.jar] [target/aot] [-- JVM options...]
#
# JVM options given here are used for training; pass the same ones when running, or the JVM ignores the cache.
# Rebuild the cache after every new jar, and for another JDK build.
set -euo pipefail

java=${JAVA:-java}
jar=target/modular-shop.jar out=target/aot
[[ $# -gt 0 && "$1" != "--" ]] && { jar=$1; shift; }
[[ $# -gt 0 && "$1" != "--" ]] && { out=$1; shift; }
[[ $# -gt 0 && "$1" == "--" ]] && shift

jar=$(realpath "$jar")
rm -rf "$out"
mkdir -p "$out"
out=$(realpath "$out")

"$java" -Djarmode=tools -jar "$jar" extract --destination "$out/app"

training=$(mktemp -d "${TMPDIR:-/tmp}/aot-training.XXXXXX")
trap 'rm -rf "$training"' EXIT
(cd "$training" && "$java" "$@" -XX:AOTCacheOutput="$out/modular-shop.aot" -Dspring.context.exit=onRefresh \
	-jar "$out/app/modular-shop.jar" >"$out/training.log" 2>&1) || { tail -n 30 "$out/training.log" >&2; exit 1; }

echo "AOT cache: $out/modular-shop.aot ($(du -h "$out/modular-shop.aot" | cut -f 1))"
echo "Run with:  $java $* -XX:AOTCache=$out/modular-shop.aot -jar $out/app/modular-shop.jar"
