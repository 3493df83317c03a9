#!/usr/bin/env bash
# The command line against erl: for each case below, Girder and erl run the
# same arguments in fresh directories; exit status, stderr and (where a
# case has no output race on erl) stdout must be equal, and a halt with a
# slogan must leave an erl_crash.dump whose Slogan line equals erl's, and
# OTP's crashdump_viewer must read Girder's dump (crash_dump_viewer.sh).
# Usage: tests/cli/run.sh build/girder. Prints one line per case and
# "N passed, N failed". A case's stdin is /dev/null, or the file CLI_STDIN,
# or the output of the command CLI_STDIN_CMD (a pipe).
set -uo pipefail
VM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/ebin"
erlc -o "$WORK/ebin" "$HERE"/*.erl || { echo "erlc failed"; echo "0 passed, 1 failed"; exit 1; }
pass=0; fail=0

# run_case NAME COMPARE_STDOUT ARGS...
run_case() {
  local name=$1 out=$2; shift 2
  local e="$WORK/$name.erl.d" g="$WORK/$name.girder.d"
  mkdir -p "$e" "$g"
  if [ -n "${CLI_STDIN_CMD:-}" ]; then
    (cd "$e" && bash -c "$CLI_STDIN_CMD" | timeout 60 erl "$@" > out 2> err; echo $? > status)
    (cd "$g" && bash -c "$CLI_STDIN_CMD" | timeout 60 "$VM" "$@" > out 2> err; echo $? > status)
  else
    (cd "$e" && timeout 60 erl "$@" > out 2> err < "${CLI_STDIN:-/dev/null}"; echo $? > status)
    (cd "$g" && timeout 60 "$VM" "$@" > out 2> err < "${CLI_STDIN:-/dev/null}"; echo $? > status)
  fi
  local why=""
  cmp -s "$e/status" "$g/status" || why="$why status(erl=$(cat "$e/status") girder=$(cat "$g/status"))"
  cmp -s "$e/err" "$g/err" || why="$why stderr"
  if [ "$out" = yes ]; then cmp -s "$e/out" "$g/out" || why="$why stdout"; fi
  if [ -f "$e/erl_crash.dump" ]; then
    if [ ! -f "$g/erl_crash.dump" ]; then
      why="$why no-crash-dump"
    elif [ "$(grep -m1 '^Slogan:' "$e/erl_crash.dump")" != "$(grep -m1 '^Slogan:' "$g/erl_crash.dump")" ]; then
      why="$why crash-dump-slogan"
    fi
  fi
  if [ -z "$why" ]; then
    echo "PASS $name"; pass=$((pass+1))
  else
    echo "FAIL $name:$why"
    diff "$e/err" "$g/err" | head -10 | sed 's/^/    /'
    fail=$((fail+1))
  fi
}

EB="$WORK/ebin"
run_case halt_status yes -noshell -eval 'halt(3).'
run_case halt_slogan yes -noshell -eval 'halt("it broke").'
# erl's stdout interleaves init's display of the reason with earlier output
# (two ports), so only status, stderr and the dump are compared here
run_case run_crash no -noshell -pa "$EB" -run cli_crash main -s init stop
run_case run_crash_deep no -noshell -pa "$EB" -run cli_crash deep -s init stop
run_case eval_crash no -noshell -pa "$EB" -eval 'cli_crash:main().'
run_case run_ok yes -noshell -pa "$EB" -run cli_crash ok -s init stop
run_case run_args yes -noshell -pa "$EB" -run cli_crash args a bc -s init stop
# the conformance runner sets ERL_CRASH_DUMP_SECONDS=0: no dump, no dump line
ERL_CRASH_DUMP_SECONDS=0 run_case no_dump yes -noshell -eval 'halt("no dump").'

# erlexec's part of the command line: ERL_AFLAGS/ERL_FLAGS/ERL_ZFLAGS,
# -args_file, -env, -extra, and the flags init sees first
printf -- '-from_file 1 # a comment\n-also 2\n' > "$WORK/args"
ARGS_EVAL='io:format("~p~n~p ~p~n", [init:get_arguments(), init:get_plain_arguments(), os:getenv("CLI_ENV")]), halt().'
ERL_AFLAGS="-a1 x" ERL_FLAGS="-f1 y z" ERL_ZFLAGS="-z1" run_case env_flags yes -noshell -eval "$ARGS_EVAL" -extra p q
run_case args_file yes -args_file "$WORK/args" -env CLI_ENV set -noshell -eval "$ARGS_EVAL"
# erlexec names the current directory in this message: both run in one
mkdir -p "$WORK/same"
(cd "$WORK/same" && erl -args_file no_such_file -noshell > out.erl 2> err.erl; echo $? >> err.erl)
(cd "$WORK/same" && "$VM" -args_file no_such_file -noshell > out.girder 2> err.girder; echo $? >> err.girder)
if cmp -s "$WORK/same/err.erl" "$WORK/same/err.girder" && cmp -s "$WORK/same/out.erl" "$WORK/same/out.girder"; then
  echo "PASS args_file_missing"; pass=$((pass+1))
else
  echo "FAIL args_file_missing"; diff "$WORK/same/err.erl" "$WORK/same/err.girder" | head -5 | sed 's/^/    /'
  fail=$((fail+1))
fi
# stdin through an fd port ({fd, 0, 1} with in): a regular file (which
# epoll cannot watch), a pipe, large inputs, packets, the end of input
printf 'one\ntwo\r\nsixteen chars!!!\nseventeen chars!!\nlast without newline' > "$WORK/lines.txt"
CLI_STDIN="$WORK/lines.txt" run_case stdin_lines_file yes -noshell -noinput -pa "$EB" -run cli_stdin lines -s init stop
CLI_STDIN_CMD="cat '$WORK/lines.txt'" run_case stdin_lines_pipe yes -noshell -noinput -pa "$EB" -run cli_stdin lines -s init stop
CLI_STDIN_CMD="for i in 1 2 3; do echo slow \$i; sleep 0.1; done" run_case stdin_lines_slow yes -noshell -noinput -pa "$EB" -run cli_stdin lines -s init stop
CLI_STDIN_CMD="seq 1 200000" run_case stdin_count_pipe yes -noshell -noinput -pa "$EB" -run cli_stdin count -s init stop
seq 1 100000 > "$WORK/big.txt"
CLI_STDIN="$WORK/big.txt" run_case stdin_count_file yes -noshell -noinput -pa "$EB" -run cli_stdin count -s init stop
printf '\000\003abc\000\000\000\002de\000\005short' > "$WORK/packets.bin"
CLI_STDIN="$WORK/packets.bin" run_case stdin_packets yes -noshell -noinput -pa "$EB" -run cli_stdin packets -s init stop
CLI_STDIN="$WORK/lines.txt" run_case stdin_no_eof yes -noshell -noinput -pa "$EB" -run cli_stdin no_eof -s init stop
run_case stdin_empty yes -noshell -noinput -pa "$EB" -run cli_stdin lines -s init stop

# after the boot: the registered processes (issue 4: equal to erl's, sorted),
# ERL_LIBS, -config, +P and +S as the VM reports them back
mkdir -p "$WORK/libs/mylib-1.0/ebin"
printf -- '-module(mylib).\n-export([hello/0]).\nhello() -> io:format("hello from mylib~n").\n' > "$WORK/libs/mylib-1.0/ebin/mylib.erl"
erlc -o "$WORK/libs/mylib-1.0/ebin" "$WORK/libs/mylib-1.0/ebin/mylib.erl"
printf '{application,mylib,[{vsn,"1.0"},{modules,[mylib]},{registered,[]},{applications,[kernel,stdlib]},{env,[{k,v}]}]}.\n' > "$WORK/libs/mylib-1.0/ebin/mylib.app"
echo '[{kernel,[{foo,bar}]},{mylib,[{k,w}]}].' > "$WORK/sys.config"
REG_EVAL='io:format("~p~n", [lists:sort(registered())]), halt().'
run_case registered yes -noshell -eval "$REG_EVAL"
run_case registered_noinput yes -noinput -eval "$REG_EVAL"
LIB_EVAL='io:format("~p~n", [code:lib_dir(mylib)]), mylib:hello(), application:load(mylib), io:format("~p ~p~n", [application:get_env(kernel, foo), application:get_env(mylib, k)]), halt().'
ERL_LIBS="$WORK/libs" run_case erl_libs_config yes -noshell -config "$WORK/sys" -eval "$LIB_EVAL"
run_case vm_flags yes -noshell +P 1000000 +S 2:1 -eval 'io:format("~p ~p ~p~n", [erlang:system_info(process_limit), erlang:system_info(schedulers), erlang:system_info(schedulers_online)]), halt().'

# the dump read by OTP's crashdump_viewer, checked as erl's own dump is
if "$HERE/crash_dump_viewer.sh" "$VM" > "$WORK/cdv.out" 2>&1; then
  echo "PASS crash_dump_viewer"; pass=$((pass+1))
else
  echo "FAIL crash_dump_viewer"; sed 's/^/    /' "$WORK/cdv.out" | head -40
  fail=$((fail+1))
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
