#!/usr/bin/env bash
# The demo of Girder's main job: compile examples/*.erl with the reference
# erlc and run each on build/girder, then on erl, and compare.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
tools/build.sh build
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
erlc -o "$OUT" examples/*.erl
# an application in a folder of its own: its modules and .app file go
# beside the others, and the module named after the folder drives it
for app in examples/*/; do
  erlc -o "$OUT" "$app"*.erl
  cp "$app"*.app "$OUT"/
done
for src in examples/*.erl examples/*/; do
  mod=$(basename "$src" .erl)
  echo "== $mod on Girder"
  build/girder -noshell -pa "$OUT" -run "$mod" main -s init stop | tee "$OUT/$mod.girder"
  erl -noshell -pa "$OUT" -run "$mod" main -s init stop > "$OUT/$mod.erl"
  if cmp -s "$OUT/$mod.girder" "$OUT/$mod.erl"; then
    echo "== $mod: same output as erl"
  else
    echo "== $mod: DIFFERS from erl"; diff "$OUT/$mod.erl" "$OUT/$mod.girder" || true
  fi
done
