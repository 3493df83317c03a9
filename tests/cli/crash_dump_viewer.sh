#!/usr/bin/env bash
# Girder's erl_crash.dump read by OTP's own crashdump_viewer: its server
# (observer's crashdump_viewer.erl, compiled from the OTP sources, without
# the GUI) runs on erl against the dump of tests/cli/cdv/cdv_scenario.erl
# and tests/cli/cdv/cdv_check.erl checks what it shows: the slogan, the
# processes (count and names), every process's heap, one process's
# messages and dictionary, the ETS tables, ports, timers, modules, memory,
# persistent terms and atoms. erl's own dump of the same program goes
# through the same checks first, so that the checks are known to be sound.
# Usage: tests/cli/crash_dump_viewer.sh build/girder. Exit status 0 if
# both dumps pass.
set -uo pipefail
VM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ROOT=$(erl -noshell -eval 'io:format("~s", [code:root_dir()]), halt().')
SRC=$(ls -d "$ROOT"/lib/observer-*/src 2>/dev/null | tail -1)
if [ ! -f "$SRC/crashdump_viewer.erl" ]; then
  echo "FAIL crash_dump_viewer: no crashdump_viewer.erl under $ROOT/lib/observer-*/src (erlang-src)"
  exit 1
fi
mkdir -p "$WORK/ebin"
erlc -o "$WORK/ebin" -I "$SRC" "$SRC/crashdump_viewer.erl" "$HERE"/cdv/*.erl || { echo "FAIL crash_dump_viewer: erlc"; exit 1; }

status=0
for who in erl girder; do
  cmd=erl
  [ "$who" = girder ] && cmd=$VM
  dir="$WORK/$who"
  mkdir -p "$dir"
  (cd "$dir" && timeout 60 "$cmd" -noshell -pa "$WORK/ebin" -run cdv_scenario main expect > out 2> err)
  if [ ! -f "$dir/erl_crash.dump" ] || [ ! -f "$dir/expect" ]; then
    echo "FAIL crash_dump_viewer_$who: no dump written"
    sed 's/^/    /' "$dir/err" | head -10
    status=1
    continue
  fi
  if timeout 300 erl -noshell -pa "$WORK/ebin" -run cdv_check main "$dir/erl_crash.dump" "$dir/expect" > "$dir/check" 2>&1; then
    echo "PASS crash_dump_viewer_$who"
  else
    echo "FAIL crash_dump_viewer_$who"
    grep -v '^ok ' "$dir/check" | head -40 | sed 's/^/    /'
    status=1
  fi
done
exit $status
