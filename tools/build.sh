#!/usr/bin/env bash
# Configures and builds build/girder (and the tests) with CMake + Ninja,
# through ccache. Usage: tools/build.sh [BUILD_DIR] [extra cmake args...]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}; shift || true
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# paths relative to the checkout, so that a clone elsewhere (CI's, a second
# worktree) hits what this one compiled
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
ninja -C "$BUILD"
