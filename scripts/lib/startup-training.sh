# What scripts/aot-cache.sh (JDK 25) and scripts/cds-archive.sh (JDK 17+) share: read their arguments, extract the jar
# plainly, and start the application once on throwaway data so that the JVM can record what a start loads.
# Sourced, not run. Both caches need the same class path at run time as in training: the extracted
# modular-shop.jar, at the same place.

# startup_training_arguments DEFAULT_OUT "$@": sets java, jar, out and the array jvm_options from
#   [JAR] [OUT] [-- JVM options...]
startup_training_arguments() {
	java=${JAVA:-java} jar=target/modular-shop.jar out=$1
	shift
	[[ $# -gt 0 && "$1" != "--" ]] && { jar=$1; shift; }
	[[ $# -gt 0 && "$1" != "--" ]] && { out=$1; shift; }
	[[ $# -gt 0 && "$1" == "--" ]] && shift
	jvm_options=("$@")
	jar=$(realpath "$jar")
	rm -rf "$out"
	mkdir -p "$out"
	out=$(realpath "$out")
}

# startup_training_extract: the jar as $out/app/modular-shop.jar + $out/app/lib/, not the launcher layout (a cache
# needs a plain class path); named modular-shop.jar whatever the input is called
startup_training_extract() {
	"$java" -Djarmode=tools -jar "$jar" extract --destination "$out/app" --application-filename modular-shop.jar
}

# startup_training_run JVM-OPTION...: starts $out/app/modular-shop.jar with $jvm_options and the given options (the
# cache's output option) up to the end of the context refresh, in a temporary working directory: the embedded
# PostgreSQL gets a new data directory, which goes afterwards. The output goes to $out/training.log.
startup_training_run() {
	startup_training_directory=$(mktemp -d "${TMPDIR:-/tmp}/startup-training.XXXXXX")
	trap _startup_training_clean EXIT
	(cd "$startup_training_directory" && "$java" "${jvm_options[@]}" "$@" -Dspring.context.exit=onRefresh \
		-jar "$out/app/modular-shop.jar" >"$out/training.log" 2>&1) || { tail -n 30 "$out/training.log" >&2; return 1; }
	_startup_training_clean
	trap - EXIT
}

# spring.context.exit=onRefresh halts the JVM without shutdown hooks, so the training's embedded PostgreSQL is still
# running afterwards: stop it before its data directory goes
_startup_training_clean() {
	local pid_file="$startup_training_directory/data/postgres/postmaster.pid" pid
	if [[ -f "$pid_file" ]]; then
		pid=$(head -n 1 "$pid_file")
		kill -TERM "$pid" 2>/dev/null && while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
	fi
	rm -rf "$startup_training_directory"
}
