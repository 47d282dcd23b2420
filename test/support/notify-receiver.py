#!/usr/bin/env python3
# A stand-in for systemd's notification socket, for the tests: binds an AF_UNIX datagram socket
# at the address given as $NOTIFY_SOCKET would name it (a path, or an abstract name starting
# with '@'), prints "bound" once it can receive, then one JSON line per datagram:
#   {"message": "READY=1\nSTATUS=...", "pid": <sender's pid from SCM_CREDENTIALS>,
#    "monotonic_usec": <CLOCK_MONOTONIC at receipt, in microseconds>}
# Like systemd, it asks the kernel for the sender's credentials (SO_PASSCRED), so a test can check
# the message came from the daemon's own process. It exits when stdin closes.
#
# Why Python rather than a receive function in the addon: the product never receives on such a
# socket, and a receiver that shares no code with the sender cannot hide a bug both would share
# (a wrong abstract-name length, say). python3 is on every machine that builds the addon (node-gyp).
import json
import os
import select
import socket
import struct
import sys
import time

address = sys.argv[1]
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
sock.bind('\0' + address[1:] if address.startswith('@') else address)
print('bound', flush=True)

creds_size = struct.calcsize('3i')
while True:
    readable, _, _ = select.select([sock, sys.stdin], [], [])
    if sys.stdin in readable and not os.read(sys.stdin.fileno(), 4096):
        break
    if sock in readable:
        data, ancillary, _, _ = sock.recvmsg(65536, socket.CMSG_SPACE(creds_size))
        pid = None
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                pid = struct.unpack('3i', payload[:creds_size])[0]
        line = {'message': data.decode('utf-8', 'replace'), 'pid': pid,
                'monotonic_usec': time.monotonic_ns() // 1000}
        print(json.dumps(line), flush=True)
