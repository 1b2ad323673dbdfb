#!/usr/bin/env bash
# Lists the biggest contributors to start-up: starts the jar with Spring's BufferingApplicationStartup
# (-Dshop.startup.steps), reads /actuator/startup with an administrator token and prints the steps with the most
# time of their own (a step's duration minus that of its child steps), so that nested bean creations are not counted
# twice. The embedded PostgreSQL, Flyway and the Spring Modulith metadata show up as the beans that start them.
#
#   scripts/startup-profile.sh [--java PATH] [--jar PATH] [--top 10] [--directory DIR] [-- JVM options...]
#
# --directory reuses (or creates) a working directory, to profile a restart on existing data: run it twice.
set -euo pipefail

java=java jar=target/modular-shop.jar top=10 directory=
while [[ $# -gt 0 ]]; do
	case "$1" in
		--java) java=$2; shift 2 ;;
		--jar) jar=$2; shift 2 ;;
		--top) top=$2; shift 2 ;;
		--directory) directory=$2; shift 2 ;;
		--) shift; break ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done
jar=$(realpath "$jar")
directory=${directory:-$(mktemp -d "${TMPDIR:-/tmp}/startup-profile.XXXXXX")}
mkdir -p "$directory"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
password=startup-profile-admin-password

(cd "$directory" && exec "$java" "$@" -Dshop.startup.steps=20000 -jar "$jar" --server.port="$port" \
	--shop.user.admin.email=admin@startup.test --shop.user.admin.password="$password") >"$directory/profile.log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT

until curl -fs --max-time 1 "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
	kill -0 "$pid" 2>/dev/null || { tail -n 30 "$directory/profile.log" >&2; exit 1; }
	sleep 0.2
done

token=$(curl -fs "http://127.0.0.1:$port/api/auth/token" -H 'Content-Type: application/json' \
	-d "{\"email\":\"admin@startup.test\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
curl -fs "http://127.0.0.1:$port/actuator/startup" -H "Authorization: Bearer $token" >"$directory/startup.json"
grep -o 'Started ModularShopApplication in .*' "$directory/profile.log" || true

python3 - "$directory/startup.json" "$top" <<'EOF'
import json, re, sys
from datetime import datetime

def instant(text):
    # ISO instants with up to nanoseconds; microseconds are plenty here
    text = re.sub(r'(\.\d{6})\d*', r'\1', text.rstrip('Z'))
    return datetime.fromisoformat(text)

events = json.load(open(sys.argv[1]))["timeline"]["events"]
steps = {}
for event in events:
    step = event["startupStep"]
    tags = {tag["key"]: tag["value"] for tag in step["tags"]}
    label = step["name"] + " " + " ".join(f"{k}={v}" for k, v in tags.items() if k in ("beanName", "beanType", "configClass"))
    steps[step["id"]] = {"parent": step.get("parentId"), "label": label.strip(),
                         "total": (instant(event["endTime"]) - instant(event["startTime"])).total_seconds()}
for step in list(steps.values()):
    parent = steps.get(step["parent"])
    if parent is not None:
        parent["children"] = parent.get("children", 0) + step["total"]
for step in steps.values():
    step["self"] = step["total"] - step.get("children", 0)

print(f"{'own s':>7} {'total s':>8}  step")
for step in sorted(steps.values(), key=lambda it: -it["self"])[: int(sys.argv[2])]:
    print(f"{step['self']:7.3f} {step['total']:8.3f}  {step['label']}")
EOF
