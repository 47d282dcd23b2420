#!/bin/sh
# Manual smoke test of the sfsim module with iproute2's devlink, run inside the VM:
#   npm run vm -- 'sh test/kmod/sfsim-smoke.sh'
# Uses iproute2 6.15 from the cache when present (6.1 lacks caps, max_io_eqs and rates).
# Prints every command and its output; counts unexpected results; unloads the module with
# devices, SFs and rate nodes still present at the end.
set -u
DL=devlink
for c in "$HOME"/.cache/devlink-ts/iproute2-*/sbin/devlink; do [ -x "$c" ] && DL=$c; done
D=sfsim/sfsim0
DBG=/sys/kernel/debug/sfsim/sfsim0
fails=0
ok() { echo "[$(cut -d" " -f1 /proc/uptime)] \$ $*"; if ! "$@" 2>&1; then echo "UNEXPECTED FAILURE"; fails=$((fails + 1)); fi; }
ko() { echo "\$ $* (must fail)"; if "$@" 2>&1; then echo "UNEXPECTED SUCCESS"; fails=$((fails + 1)); fi; }
dl() { "$DL" "$@"; }
wait_opstate() { # PORT OPSTATE: poll up to 5 s
	i=0
	while [ $i -lt 50 ]; do
		dl port show "$1" | grep -q "opstate $2" && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}

$DL -V
ok sh -c 'echo "0 2 1" > /sys/bus/sfsim/new_device'
ok dl dev show
ok dl port show
ko dl port add $D flavour pcisf pfnum 0 sfnum 1
ok dl dev eswitch set $D mode switchdev
ok dl dev eswitch show $D
ko dl port add $D flavour pcivf pfnum 0
ko dl port add $D flavour pcisf pfnum 0
ko dl port add $D flavour pcisf pfnum 1 sfnum 1
ko dl port add $D flavour pcisf pfnum 0 sfnum 1 controller 5
ko dl port add $D/7 flavour pcisf pfnum 0 sfnum 1
ok dl -j port add $D flavour pcisf pfnum 0 sfnum 1
ko dl port add $D flavour pcisf pfnum 0 sfnum 1
ok dl port add $D flavour pcisf pfnum 0 sfnum 1 controller 1
ok dl port show $D/32768
ok dl port function set $D/32768 hw_addr 00:11:22:33:44:55 roce disable max_io_eqs 16
ko dl port function set $D/32768 migratable enable
ko dl port function set $D/32768 max_io_eqs 0
ko dl port function set $D/0 roce enable
ko dl port function set $D/1 state active
ok dl port function set $D/1 migratable enable ipsec_crypto enable ipsec_packet enable roce disable max_io_eqs 4
ok dl -j port show $D/1
ok dl port function set $D/32768 state active
ok dl port show $D/32768
ok wait_opstate $D/32768 attached
ok dl port show $D/32768
ok dl dev show
ko dl port function set $D/32768 roce enable
ok dl port show auxiliary/sfsim.sf.0
ok ip -br link
ok sh -c "echo 3000 > $DBG/detach_delay_ms"
ok dl port function set $D/32768 state inactive
ko dl port function set $D/32768 state active
ok sh -c "echo 50 > $DBG/detach_delay_ms"
ok wait_opstate $D/32768 detached
ok dl dev show
ok dl port function set $D/98305 state active
ok wait_opstate $D/98305 attached
ok dl port function rate show
ok dl port function rate add $D/grp1 tx_share 10mbit tx_max 100mbit tx_priority 2 tx_weight 10
ok dl port function rate add $D/grp2 parent grp1
ok dl port function rate set $D/32768 tx_share 1mbit tx_max 5mbit tx_priority 1 tx_weight 20 parent grp1
ok dl port function rate set $D/1 tx_max 200mbit parent grp2
ko dl port function rate set $D/32768 tx_share 50mbit
ko dl port function rate set $D/32768 tx_max 1kbit
ko dl port function rate set $D/32768 tx_priority 8
ko dl port function rate set $D/32768 tx_weight 201
ko dl port function rate set $D/32768 tx_max 200gbit
ko dl port function rate add $D/grp3 tx_share 1gbit tx_max 1mbit
ko dl port function rate del $D/grp1
ok dl port function rate show
ko dl dev eswitch set $D mode legacy
ok sh -c "echo 'port_new 1 28 injected failure' > $DBG/fail"
ko dl port add $D flavour pcisf pfnum 0 sfnum 9
ok dl port add $D flavour pcisf pfnum 0 sfnum 9
ok sh -c "echo 'rate_node_del 1 -5' > $DBG/fail"
ok dl port function rate add $D/grp9
ko dl port function rate del $D/grp9
ok cat $DBG/fail
ok sh -c "echo 3 > $DBG/max_sfs"
ko dl port add $D flavour pcisf pfnum 0 sfnum 10
ok sh -c "echo 1 > $DBG/stall_attach"
ok dl port function set $D/32770 state active
ko wait_opstate $D/32770 attached
ok sh -c "echo 0 > $DBG/stall_attach"
ok dl port function set $D/32770 state inactive
ok dl port function set $D/32770 state active
ok wait_opstate $D/32770 attached
ok dl port del $D/32770
ok dl port function set $D/32768 state active
ok wait_opstate $D/32768 attached
ok dl port del $D/32768
ok dl port add $D flavour pcisf pfnum 0 sfnum 1
ok dl port function set $D/32768 state active
ok wait_opstate $D/32768 attached
ok dl dev show
ok sh -c 'echo "1 0 0" > /sys/bus/sfsim/new_device'
ok dl dev eswitch set sfsim/sfsim1 mode switchdev
ok dl port add sfsim/sfsim1 flavour pcisf pfnum 0 sfnum 3
ok dl port function set sfsim/sfsim1/32768 state active
ok dl port function rate add sfsim/sfsim1/n1 tx_priority 3 tx_weight 50
ok dl port function rate set sfsim/sfsim1/32768 parent n1
ok sh -c 'echo 1 > /sys/bus/sfsim/del_device'
ok dl dev show
ok busybox rmmod sfsim
ok dl dev show
ok ip -br link
echo "unexpected results: $fails"
if dmesg | grep -E "WARNING|BUG|Oops|sfsim"; then :; fi
[ "$fails" = 0 ]
