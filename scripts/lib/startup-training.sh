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
# cache's output option) in a temporary working directory (the embedded PostgreSQL gets a new data directory, which
# goes afterwards), with an administrator configured, and lets it go through a whole start: the context refresh, the
# administrator's bcrypt check, readiness and a first health request. Then it stops the application (SIGTERM, a normal
# exit: the JVM writes what it recorded). Whatever the training leaves out is loaded and profiled anew at every start.
# The output goes to $out/training.log.
startup_training_run() {
	startup_training_directory=$(mktemp -d "${TMPDIR:-/tmp}/startup-training.XXXXXX")
	trap _startup_training_clean EXIT
	local port
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	(cd "$startup_training_directory" && exec "$java" "${jvm_options[@]}" "$@" -jar "$out/app/modular-shop.jar" \
		--server.port="$port" --shop.user.admin.email=training@shop.invalid \
		--shop.user.admin.password=startup-training-password) >"$out/training.log" 2>&1 &
	startup_training_pid=$!
	until _startup_training_health "$port" | grep -q '"status":"UP"'; do
		kill -0 "$startup_training_pid" 2>/dev/null || { tail -n 30 "$out/training.log" >&2; return 1; }
		sleep 0.2
	done
	kill -TERM "$startup_training_pid"
	# 143: the exit status of a JVM that shut down normally on SIGTERM
	local status=0
	wait "$startup_training_pid" || status=$?
	[[ $status -eq 0 || $status -eq 143 ]] || { tail -n 30 "$out/training.log" >&2; return 1; }
	_startup_training_clean
	trap - EXIT
}

# _startup_training_health PORT: GET /actuator/health with bash alone (the Docker image's JRE has no curl)
_startup_training_health() {
	# braced: bash reports a refused /dev/tcp connection before an exec's own 2>/dev/null takes effect
	{ exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 0
	printf 'GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
	cat <&3
	exec 3<&-
}

# after a failed training the application (and its embedded PostgreSQL) may still run: stop both before the data
# directory goes
_startup_training_clean() {
	[[ -n "${startup_training_pid:-}" ]] && kill -TERM "$startup_training_pid" 2>/dev/null \
		&& wait "$startup_training_pid" 2>/dev/null
	local pid_file="$startup_training_directory/data/postgres/postmaster.pid" pid
	if [[ -f "$pid_file" ]]; then
		pid=$(head -n 1 "$pid_file")
		kill -TERM "$pid" 2>/dev/null && while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
	fi
	rm -rf "$startup_training_directory"
}
