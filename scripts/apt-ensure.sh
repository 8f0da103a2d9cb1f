#!/usr/bin/env bash
# Installs the Debian packages named on the command line that are not installed yet:
# `apt-get update` once, then one `apt-get install` of the missing ones. Nothing missing, nothing run.
# Usage: scripts/apt-ensure.sh PKG...  |  scripts/apt-ensure.sh -f FILE  (one package a line, # comments)
set -uo pipefail
pkgs=()
while [ $# -gt 0 ]; do
  if [ "$1" = -f ]; then
    [ -r "${2:-}" ] || { echo "apt-ensure: cannot read the package list ${2:-(none given)}" >&2; exit 2; }
    while IFS= read -r line || [ -n "$line" ]; do
      line=${line%%#*}
      for p in $line; do pkgs+=("$p"); done
    done <"$2"
    shift 2
  else
    pkgs+=("$1")
    shift
  fi
done
missing=()
for p in "${pkgs[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "apt-ensure: missing Debian packages: ${missing[*]}; installing them needs root (sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "apt-ensure: installing ${missing[*]}"
log=$(mktemp)
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "apt-ensure: could not install ${missing[*]} (apt-get output above)" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
