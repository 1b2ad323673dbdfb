#!/usr/bin/env bash
# Measures start-up as a new user meets it: `java -jar` with the administrator settings, from the launch of the JVM
# until /actuator/health answers UP, then the Java process's resident memory once it is idle.
#
#   scripts/startup-time.sh [--mode restart|fresh] [--runs 3] [--java PATH] [--jar PATH] [--poll 0.1]
#                           [--settle 10] [--workdir DIR] [-- JVM options...]
#
#   restart (default): one untimed start creates a data directory, then every run starts on that existing data.
#   fresh:             every run starts in an empty directory (initdb of the embedded PostgreSQL included).
#   --workdir DIR:     work in DIR and keep it, so that several calls (other JVMs, other options, taking turns on a
#                      busy machine) restart on the same data; the untimed first start happens only when DIR is new.
#
# Health is polled every --poll seconds (0.1 by default, for a resolution finer than the one-second polling a person
# would do; with --poll 1 the figures round up to the next second). RSS is VmRSS of the JVM --settle seconds after
# UP. Prints one line per run and the best, median and worst. The machine's load average is printed too: start-up
# time on a busy machine says little.
set -euo pipefail

mode=restart runs=3 java=java jar=target/modular-shop.jar poll=0.1 settle=10 workdir=
while [[ $# -gt 0 ]]; do
	case "$1" in
		--mode) mode=$2; shift 2 ;;
		--runs) runs=$2; shift 2 ;;
		--java) java=$2; shift 2 ;;
		--jar) jar=$2; shift 2 ;;
		--poll) poll=$2; shift 2 ;;
		--settle) settle=$2; shift 2 ;;
		--workdir) workdir=$2; shift 2 ;;
		--) shift; break ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done
jvm_options=()
# the JVM runs in the data's directory: make a relative cache or archive file absolute, or the JVM would not find it
# (JDK 17 says so only at -Xlog:cds=info) and the figures would be those of a start without it
for option in "$@"; do
	if [[ "$option" =~ ^(-XX:(AOTCache|SharedArchiveFile)=)([^/].*)$ ]]; then
		option=${BASH_REMATCH[1]}$(realpath "${BASH_REMATCH[3]}")
	fi
	jvm_options+=("$option")
done
jar=$(realpath "$jar")
if [[ -n "$workdir" ]]; then
	mkdir -p "$workdir"
	work=$(realpath "$workdir")
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/startup-time.XXXXXX")
fi
pid=

cleanup() {
	if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid"
		wait "$pid" 2>/dev/null || true
	fi
}
trap cleanup EXIT

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start DIRECTORY LOG: launches the application and waits for UP; sets $pid, $port, $seconds
start() {
	local directory=$1 log=$2 begin now
	port=$(free_port)
	begin=$(date +%s%N)
	(cd "$directory" && exec "$java" "${jvm_options[@]}" -jar "$jar" --server.port="$port" \
		--shop.user.admin.email=admin@startup.test --shop.user.admin.password=startup-time-admin-password) >"$log" 2>&1 &
	pid=$!
	until curl -fs --max-time 1 "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "the application exited; see $log" >&2
			tail -n 30 "$log" >&2
			exit 1
		fi
		sleep "$poll"
	done
	now=$(date +%s%N)
	seconds=$(awk -v ns=$((now - begin)) 'BEGIN { printf "%.2f", ns / 1e9 }')
}

stop() {
	kill -TERM "$pid"
	wait "$pid" 2>/dev/null || true
	pid=
}

# user + system CPU time of the JVM (all its threads: JIT compilers and GC included) so far
cpu_seconds() {
	awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat"
}

rss_mib() {
	awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

echo "mode=$mode java=$("$java" -version 2>&1 | head -n 1) jar=$jar jvm options=${jvm_options[*]:-none}"
echo "load average before: $(cut -d ' ' -f 1-3 /proc/loadavg)"

if [[ "$mode" == restart && ! -d "$work/app/data" ]]; then
	mkdir -p "$work/app"
	start "$work/app" "$work/prepare.log"
	echo "prepare (fresh directory, not counted): ${seconds} s"
	stop
fi

times=()
for run in $(seq 1 "$runs"); do
	directory="$work/app"
	if [[ "$mode" == fresh ]]; then
		directory="$work/app-$run"
		rm -rf "$directory"
		mkdir -p "$directory"
	fi
	start "$directory" "$work/run-$run.log"
	cpu=$(cpu_seconds "$pid")
	started=$(grep -o 'Started ModularShopApplication in [0-9.]* seconds (process running for [0-9.]*)' \
		"$work/run-$run.log" || true)
	sleep "$settle"
	rss=$(rss_mib "$pid")
	stop
	times+=("$seconds")
	unused=$(grep -qE '^\[[0-9.]+s\]\[(error|warning)\]\[(aot|cds)' "$work/run-$run.log" \
		&& echo " (the JVM did NOT use the cache or archive; see the top of the log)" || true)
	echo "run $run: health UP after ${seconds} s (JVM CPU ${cpu} s), idle RSS ${rss} MiB; ${started:-no start line}$unused"
done

sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "health UP: best $(head -n 1 <<<"$sorted") s, median $(sed -n "$(((runs + 1) / 2))p" <<<"$sorted") s," \
	"worst $(tail -n 1 <<<"$sorted") s over $runs runs"
echo "load average after: $(cut -d ' ' -f 1-3 /proc/loadavg)"
[[ -n "$workdir" ]] || rm -rf "$work"
