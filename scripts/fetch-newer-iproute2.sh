#!/usr/bin/env bash
# Fetches a newer iproute2 than the machine's (Debian bookworm-backports) into the cache, without
# touching the host's apt sources, and prints the path of its `devlink` binary.
# Why: iproute2 6.1 does not print attributes newer kernels have (max_io_eqs, ipsec caps, rate
# priority/weight); differential tests compare our CLI with this newer devlink as well.
# Usage: scripts/fetch-newer-iproute2.sh   -> prints e.g. ~/.cache/devlink-ts/iproute2-6.15.0-1~bpo12+1/sbin/devlink
set -euo pipefail
cache="${DEVLINK_TS_CACHE:-$HOME/.cache/devlink-ts}"
work="$cache/apt-backports"
mkdir -p "$work/lists/partial"
echo "deb http://deb.debian.org/debian bookworm-backports main" > "$work/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$work/lists" -o Debug::NoLocking=1)
if [ -z "$(ls -A "$work/lists" 2>/dev/null | grep -v partial)" ]; then
  apt-get "${apt_opts[@]}" update >/dev/null 2>&1 || { echo "cannot reach bookworm-backports" >&2; exit 1; }
fi
version=$(apt-cache "${apt_opts[@]}" madison iproute2 | awk -F'|' '/backports/ {gsub(/ /,"",$2); print $2; exit}')
[ -n "$version" ] || { echo "no iproute2 in bookworm-backports" >&2; exit 1; }
dest="$cache/iproute2-$version"
if [ ! -x "$dest/sbin/devlink" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get "${apt_opts[@]}" download "iproute2=$version" >/dev/null 2>&1)
  mkdir -p "$dest"
  dpkg -x "$tmp"/iproute2_*.deb "$dest"
  rm -rf "$tmp"
fi
echo "$dest/sbin/devlink"
