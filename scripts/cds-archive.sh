#!/usr/bin/env bash
# JDK 17 and later: an AppCDS archive (JEP 350, dynamic archiving), the JDK 17 counterpart of scripts/aot-cache.sh.
# Extracts the jar plainly (modular-shop.jar + lib/), starts the application once on throwaway data up to readiness
# and a first health request with -XX:ArchiveClassesAtExit, and prints the command that runs with the archive. The
# archive holds the classes that start-up loads, parsed and verified, so a start maps them instead of reading them
# from jars.
#
#   JAVA=/path/to/jdk/bin/java scripts/cds-archive.sh [target/modular-shop.jar] [target/cds] [-- JVM options...]
#
# Run with the same JDK build, the same extracted jar (the JVM checks the class path and the jars' times and sizes and
# otherwise ignores the archive, with a warning) and the same JVM options as in training. Rebuild it after every jar.
set -euo pipefail
source "$(dirname "$0")/lib/startup-training.sh"

startup_training_arguments target/cds "$@"
startup_training_extract
startup_training_run -XX:ArchiveClassesAtExit="$out/modular-shop.jsa"

echo "CDS archive: $out/modular-shop.jsa ($(du -h "$out/modular-shop.jsa" | cut -f 1))"
echo "Run with:  $java ${jvm_options[*]} -XX:SharedArchiveFile=$out/modular-shop.jsa -jar $out/app/modular-shop.jar"
