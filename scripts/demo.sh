#!/bin/sh
# `npm run demo`: the devlink-ts daemon at work, inside the VM the command boots (sfsim, the
# project's SF test driver, stands in for a ConnectX NIC). A config declares three SFs with MACs,
# rates and a tenant rate node; the daemon brings them up and says when they are ready; then an
# admin's mistakes made with iproute2 (an SF deleted, another SF's MAC changed) are repaired by the
# daemon alone. Each command is printed before its output; every wait is `devlink-ts wait-ready`
# (the daemon's event stream), never a sleep. `npm run demo:cli` walks an SF's life with the CLI.
set -e
DEV=sfsim/sfsim0
WORK=$(mktemp -d)
SOCK=$WORK/daemon.sock

run() {
	printf '\n\033[1m$ %s\033[0m\n' "$*"
	"$@"
}

say() {
	printf '\n\033[36m# %s\033[0m\n' "$*"
}

# The port handle of SF $1, from the daemon's status.
port_of() {
	devlink-ts status -j --socket "$SOCK" | node -e '
		let text = "";
		process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => {
			const sf = JSON.parse(text).sfs.find((s) => s.sfnum === Number(process.argv[1]));
			if (!sf || !sf.port) process.exit(1);
			process.stdout.write(sf.port);
		});' "$1"
}

echo "0 0" > /sys/bus/sfsim/new_device   # a simulated SF-capable NIC
mkdir -p "$WORK/config"
cat > "$WORK/config/sfs.yaml" <<YAML
devices:
  - handle: $DEV
    eswitch: { mode: switchdev }
    rate_nodes:
      - { name: tenant1, tx_share: 1gbit, tx_max: 10gbit }
    sfs:
      - pfnum: 0
        sfnum: 88
        hw_addr: "02:00:00:00:00:58"
        max_io_eqs: 4
        rate: { tx_share: 100mbit, tx_max: 2gbit, tx_priority: 2, parent: tenant1 }
      - { pfnum: 0, sfnum: 89, hw_addr: "02:00:00:00:00:59", rate: { tx_max: 1gbit, parent: tenant1 } }
      - { pfnum: 0, sfnum: 90, hw_addr: "02:00:00:00:00:5a" }
YAML

say "The declared state: one file (a directory of *.yaml files works too)"
run cat "$WORK/config/sfs.yaml"

say "Start the daemon (its log goes to $WORK/daemon.log)"
printf '\n\033[1m$ %s\033[0m\n' "devlink-ts daemon --config $WORK/config --socket $SOCK --state-dir $WORK/state --log-format text 2> $WORK/daemon.log &"
devlink-ts daemon --config "$WORK/config" --socket "$SOCK" --state-dir "$WORK/state" --log-format text 2> "$WORK/daemon.log" &
DAEMON=$!
cleanup() {
	kill "$DAEMON" 2>/dev/null || true
	wait "$DAEMON" 2>/dev/null || true
	echo 0 > /sys/bus/sfsim/del_device
	rm -rf "$WORK"
}
trap cleanup EXIT

say "Wait until every declared SF is ready (attached, its devlink instance and netdev present)"
run devlink-ts wait-ready --socket "$SOCK" --timeout 120
run devlink-ts status --socket "$SOCK"
run devlink port show
run devlink port function rate show

SF88=$(port_of 88)
SF89=$(port_of 89)
say "Break it with iproute2: delete SF 88, change SF 89's MAC"
run devlink port del "$SF88"
run devlink port function set "$SF89" hw_addr 02:00:00:00:ee:ee
say "Status now: the daemon reacts within a second, so it may already show them repaired"
# status exits 1 while the host is not ready.
run devlink-ts status --socket "$SOCK" || echo "(exit status 1: not ready)"

say "The daemon repairs both from the kernel's notifications; wait until ready again"
run devlink-ts wait-ready --socket "$SOCK" --timeout 120
run devlink-ts status --socket "$SOCK"
run devlink port show
say "What the daemon logged about it"
run grep -E 'drift (detected|repaired)' "$WORK/daemon.log"

say "Stop the daemon (SIGTERM); the SFs stay as they are"
run kill -TERM "$DAEMON"
wait "$DAEMON"
echo "the daemon stopped (exit status 0)"
