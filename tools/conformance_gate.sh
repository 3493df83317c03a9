#!/usr/bin/env bash
# Runs the shared conformance corpus on build/girder.
#   tools/conformance_gate.sh gate   PATTERN...   every selected test must pass,
#                                                 except those listed in
#                                                 tests/conformance_known_failures.txt
#                                                 (and a listed test that passes is
#                                                 an error too: the list only shrinks)
#   tools/conformance_gate.sh report PATTERN...   prints pass counts, never fails
set -uo pipefail
cd "$(dirname "$0")/.."
MODE=$1; shift
VM=${GIRDER_VM:-build/girder}
KNOWN=${GIRDER_KNOWN_FAILURES:-tests/conformance_known_failures.txt}
RUN=../shared/conformance/run.sh
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
"$RUN" --vm "$VM" "$@" > "$OUT" 2>&1
if [ "$MODE" = report ]; then
  for cat in seq bin proc otp ets io code big; do
    p=$(grep -c "^PASS ${cat}_" "$OUT"); f=$(grep -c "^FAIL ${cat}_" "$OUT")
    [ $((p + f)) -gt 0 ] && echo "conformance report: $cat: $p passed, $f failed"
  done
  tail -1 "$OUT" | sed 's/^/conformance report (all): /'
  exit 0
fi
known() { grep -v '^#' "$KNOWN" 2>/dev/null | awk '{print $1}' | grep -qx "$1"; }
bad=0; pass=0; xfail=0
while read -r status name; do
  case "$status" in
    PASS) if known "$name"; then echo "UNEXPECTED PASS $name (remove it from $KNOWN)"; bad=1; else pass=$((pass+1)); fi ;;
    FAIL) if known "$name"; then xfail=$((xfail+1)); else echo "FAIL $name"; sed -n "/^FAIL $name\$/,/^\(PASS\|FAIL\) /p" "$OUT" | sed '1d;$d' | head -20; bad=1; fi ;;
  esac
done < <(grep -E '^(PASS|FAIL) ' "$OUT")
echo "conformance gate: $pass passed, $xfail known failures (listed), $([ $bad = 0 ] && echo 0 || echo 1) problems"
exit $bad
