#!/usr/bin/env bash
# Installs every Debian package the build, the tests and the demo need.
# Idempotent; run as root (or with sudo available).
set -euo pipefail
PKGS=(g++ cmake ninja-build ccache pkg-config
      libgmp-dev zlib1g-dev libssl-dev libpcre2-dev libmimalloc-dev
      libgtest-dev libbenchmark-dev
      erlang-nox erlang-dev erlang-src
      clang libclang-rt-14-dev)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
