#!/usr/bin/env bash
# JDK 25: the AOT cache (JEP 483/514) outside Docker, as the Dockerfile does it. Extracts the jar plainly
# (modular-shop.jar + lib/), trains the cache on one whole start of the application on throwaway data (up to readiness
# and a first health request), and prints the command that runs with it. On JDK 17–24, scripts/cds-archive.sh does
# the same with an AppCDS archive.
#
#   JAVA=/path/to/jdk-25/bin/java scripts/aot-cache.sh [target/modular-shop.jar] [target/aot] [-- JVM options...]
#
# JVM options given here are used for training; pass the same ones when running, or the JVM ignores the cache.
# Rebuild the cache after every new jar, and for another JDK build.
set -euo pipefail
source "$(dirname "$0")/lib/startup-training.sh"

startup_training_arguments target/aot "$@"
startup_training_extract
startup_training_run -XX:AOTCacheOutput="$out/modular-shop.aot"

echo "AOT cache: $out/modular-shop.aot ($(du -h "$out/modular-shop.aot" | cut -f 1))"
echo "Run with:  $java ${jvm_options[*]} -XX:AOTCache=$out/modular-shop.aot -jar $out/app/modular-shop.jar"
