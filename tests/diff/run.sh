#!/usr/bin/env bash
# The project's own differential tests: each tests/diff/*.erl is compiled
# with erlc, run with `<vm> -noshell -pa DIR -run M main -s init stop` on
# Girder and on erl; stdout and exit status must be equal. Modules in lib/
# are helpers the tests share.
# Prints one line per test and closes with "N passed, N failed".
# With --no-big, tests named big_* are left out.
set -uo pipefail
NOBIG=0
if [ "${1:-}" = --no-big ]; then NOBIG=1; shift; fi
VM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
# lib/ holds helper modules the tests share; only ./*.erl are tests
erlc -o "$OUT" ./*.erl lib/*.erl || { echo "erlc failed"; echo "0 passed, 1 failed"; exit 1; }
pass=0; fail=0
for src in ./*.erl; do
  m=$(basename "$src" .erl)
  if [ $NOBIG = 1 ] && [[ $m == big_* ]]; then continue; fi
  (cd "$OUT" && timeout "${DIFF_TIMEOUT:-60}" erl -noshell -pa "$OUT" -run "$m" main -s init stop > "$m.ref" 2>/dev/null < /dev/null); r1=$?
  (cd "$OUT" && timeout "${DIFF_TIMEOUT:-60}" "$VM" -noshell -pa "$OUT" -run "$m" main -s init stop > "$m.out" 2> "$m.err" < /dev/null); r2=$?
  if [ $r1 = $r2 ] && cmp -s "$OUT/$m.ref" "$OUT/$m.out"; then
    echo "PASS $m"; pass=$((pass+1))
  else
    echo "FAIL $m (status erl=$r1 girder=$r2)"; diff "$OUT/$m.ref" "$OUT/$m.out" | head -20 | sed 's/^/    /'
    head -5 "$OUT/$m.err" | sed 's/^/    stderr: /'
    fail=$((fail+1))
  fi
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
