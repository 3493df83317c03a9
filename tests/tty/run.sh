#!/usr/bin/env bash
# The tty_sl driver against erl's on a pseudo-terminal: each scenario of
# tty_probe.erl runs under pty_run (a 40x10 xterm, LANG=C.UTF-8, with the
# answers below typed at the prompts) on both VMs, and the bytes the
# terminal received must be equal. Usage: tests/tty/run.sh build/girder
# (pty_run is built next to the VM: build/tests/pty_run). Prints one line
# per scenario and "N passed, N failed".
set -uo pipefail
VM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PTY_RUN=$(dirname "$VM")/tests/pty_run
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
erlc -o "$WORK" "$HERE"/tty_probe.erl || { echo "erlc failed"; echo "0 passed, 1 failed"; exit 1; }
pass=0; fail=0

# scenario NAME [pty_run options...]
scenario() {
  local name=$1; shift
  # -noinput: erl's own `user` then leaves the terminal's input alone
  local args=(-noshell -noinput -pa "$WORK" -run tty_probe "$name" -s init stop)
  (cd "$WORK" && "$PTY_RUN" --size 40x10 "$@" -- erl "${args[@]}" > "$name.erl"; echo $? > "$name.erl.status")
  (cd "$WORK" && "$PTY_RUN" --size 40x10 "$@" -- "$VM" "${args[@]}" > "$name.girder"; echo $? > "$name.girder.status")
  if cmp -s "$WORK/$name.erl" "$WORK/$name.girder" && cmp -s "$WORK/$name.erl.status" "$WORK/$name.girder.status"; then
    echo "PASS $name"; pass=$((pass+1))
  else
    echo "FAIL $name (status erl=$(cat "$WORK/$name.erl.status") girder=$(cat "$WORK/$name.girder.status"))"
    diff <(od -c "$WORK/$name.erl") <(od -c "$WORK/$name.girder") | head -20 | sed 's/^/    /'
    fail=$((fail+1))
  fi
}

scenario edit
scenario wrap
scenario wide
scenario latin1
scenario input --answer 'type> =a\xc3\xa9\x01\x7f' --answer 'again> =\e[A\t' \
  --answer 'split> =\xe2\x82' --answer 'got =\xac' --answer 'bad> =x\xffy'
scenario controls

# OTP's interactive shell (user_drv, group, edlin over tty_sl) on both VMs:
# expressions, a variable, history with the up arrow, Ctrl-G and q. The
# first line is the banner (Girder names itself there); the rest of the
# bytes must be equal.
shell_session() {
  local name=$1; shift
  (cd "$WORK" && timeout 60 "$PTY_RUN" --size 60x20 "$@" -- erl > "$name.erl"; echo $? > "$name.erl.status")
  (cd "$WORK" && timeout 60 "$PTY_RUN" --size 60x20 "$@" -- "$VM" > "$name.girder"; echo $? > "$name.girder.status")
  if cmp -s <(tail -n +2 "$WORK/$name.erl") <(tail -n +2 "$WORK/$name.girder") &&
     cmp -s "$WORK/$name.erl.status" "$WORK/$name.girder.status"; then
    echo "PASS $name"; pass=$((pass+1))
  else
    echo "FAIL $name (status erl=$(cat "$WORK/$name.erl.status") girder=$(cat "$WORK/$name.girder.status"))"
    diff <(tail -n +2 "$WORK/$name.erl" | od -c) <(tail -n +2 "$WORK/$name.girder" | od -c) | head -20 | sed 's/^/    /'
    fail=$((fail+1))
  fi
}
shell_session shell_basic --answer '1> =1+2.\r' --answer '2> =lists:seq(1,5).\r' --answer '3> =\e[A' \
  --answer '3> lists:seq(1,5).=\r' --answer '4> =X = 6 * 7.\r' --answer '5> =X + 1.\r' \
  --answer '6> =\x07' --answer '--> =q\r'
shell_session shell_quit --answer '1> =io:format("~p~n", [lists:sort(registered())]).\r' --answer '2> =q().\r'
shell_session shell_error --answer '1> =1/0.\r' --answer '2> =foo(.\r' --answer '3> =halt(3).\r'

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
