#!/bin/sh
# A newcomer's first look at devlink-ts: an SF's whole life with the CLI, inside the VM that
# `npm run demo:cli` boots (sfsim, the project's SF test driver, stands in for a ConnectX NIC).
# Each command is printed before its output.
set -e
DEV=sfsim/sfsim0

run() {
	printf '\n\033[1m$ %s\033[0m\n' "$*"
	"$@"
}

echo "0 2" > /sys/bus/sfsim/new_device   # a simulated SF-capable NIC with 2 VFs
run devlink-ts dev show
run devlink-ts dev eswitch set $DEV mode switchdev
run devlink-ts dev eswitch show $DEV
run devlink-ts port add $DEV flavour pcisf pfnum 0 sfnum 88
SF=$DEV/32768
run devlink-ts port function set $SF hw_addr 00:00:00:00:88:88 roce enable max_io_eqs 4
run devlink-ts port function rate add $DEV/tenant1 tx_max 10gbit tx_share 1gbit
run devlink-ts port function rate set $SF tx_share 100mbit tx_max 2gbit tx_priority 2 tx_weight 50 parent tenant1
run devlink-ts port function rate show
run devlink-ts port function set $SF state active --wait=30
run devlink-ts port show $SF
run devlink-ts -j -p port show $SF
run devlink-ts dev show
run devlink-ts port show auxiliary/sfsim.sf.0/0
run devlink-ts port function set $SF state inactive --wait=30
run devlink-ts port function rate set $SF noparent
run devlink-ts port function rate del $DEV/tenant1
run devlink-ts port del $SF
run devlink-ts port show
echo "0" > /sys/bus/sfsim/del_device
