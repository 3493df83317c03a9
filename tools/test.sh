#!/usr/bin/env bash
# Builds everything and runs every test:
#   1. unit tests (GoogleTest, ctest) on the normal build
#   2. the project's own differential tests (tests/diff: Girder vs erl) and
#      the command-line tests (tests/cli: exit status, stderr, crash dump),
#      on the OTP boot; the differential tests again in direct mode
#   3. the differential tests again on one scheduler (+S 1) and the
#      multi-scheduler stress and fairness tests on four (+S 4)
#   4. the conformance gate: the whole corpus, and proc_*, big_*, ets_*
#      also with +S 1
#   5. the same unit + differential tests under ASan+UBSan and in the
#      GC-stress build (a collection at every allocation check); the unit
#      tests, the scheduler stress tests and ETS's concurrency tests under
#      TSan
#   6. each libFuzzer target for a short time
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
fails=0
step() { echo; echo "=== $*"; }

step "build"
tools/build.sh build

step "unit tests"
(cd build && ctest --output-on-failure) || fails=$((fails+1))

step "differential tests"
tests/diff/run.sh build/girder || fails=$((fails+1))

step "command line (tests/cli: status, stderr, crash dump vs erl)"
tests/cli/run.sh build/girder || fails=$((fails+1))

step "tty_sl on a pseudo-terminal (tests/tty: bytes vs erl's)"
tests/tty/run.sh build/girder || fails=$((fails+1))

step "differential tests in direct mode (GIRDER_BOOT=direct, the fast path without OTP's boot)"
GIRDER_BOOT=direct tests/diff/run.sh build/girder || fails=$((fails+1))

step "differential tests on one scheduler (+S 1)"
DIFF_VM_FLAGS='+S 1' tests/diff/run.sh build/girder || fails=$((fails+1))

step "scheduler stress and fairness on four schedulers (+S 4)"
DIFF_VM_FLAGS='+S 4' tests/diff/run.sh build/girder sched_stress sched_fairness aliases signals dirty_schedulers || fails=$((fails+1))

step "conformance gate (the whole corpus)"
tools/conformance_gate.sh gate || fails=$((fails+1))

step "conformance gate on one scheduler (proc_*, big_*, ets_* with +S 1)"
GIRDER_KNOWN_FAILURES=tests/conformance_known_failures_one_scheduler.txt \
  GIRDER_VM='build/girder +S 1' tools/conformance_gate.sh gate 'proc_*' 'big_*' 'ets_*' || fails=$((fails+1))


step "sanitizer build (ASan+UBSan)"
tools/build.sh build-asan -DGIRDER_SANITIZE=ON
(cd build-asan && ASAN_OPTIONS=detect_leaks=0 ctest --output-on-failure) || fails=$((fails+1))
ASAN_OPTIONS=detect_leaks=0 tests/diff/run.sh build-asan/girder || fails=$((fails+1))

step "thread sanitizer build (TSan): unit tests, scheduler stress, ETS from many schedulers"
tools/build.sh build-tsan -DGIRDER_TSAN=ON
(cd build-tsan && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure) || fails=$((fails+1))
DIFF_TIMEOUT=300 TSAN_OPTIONS=halt_on_error=1 tests/diff/run.sh build-tsan/girder sched_stress sched_fairness dirty_schedulers \
  port_many port_spawn port_busy ets_concurrent ets_long_walks || fails=$((fails+1))

step "GC-stress build"
tools/build.sh build-gcstress -DGIRDER_GC_STRESS=ON
DIFF_TIMEOUT=300 tests/diff/run.sh build-gcstress/girder || fails=$((fails+1))
stress_tests=$(cd ../shared/conformance/tests && ls seq_*.erl bin_*.erl | sed 's/\.erl$//')
# shellcheck disable=SC2086
CONFORMANCE_TIMEOUT=120 GIRDER_KNOWN_FAILURES=tests/conformance_known_failures_gcstress.txt \
  GIRDER_VM=build-gcstress/girder tools/conformance_gate.sh gate $stress_tests || fails=$((fails+1))

step "fuzzing (short runs)"
# only the fuzz targets: in this build the parsing libraries carry the
# fuzzer instrumentation, which the VM binary and unit tests are not linked for
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DGIRDER_FUZZ=ON >/dev/null
targets=$(for f in fuzz/*_fuzz.cpp; do basename "$f" .cpp; done)
ninja -C build-fuzz $targets
for f in build-fuzz/fuzz/*_fuzz; do
  [ -x "$f" ] || continue
  name=$(basename "$f" _fuzz)
  corpus=$(mktemp -d); cp -r fuzz/corpus/"$name"/. "$corpus"/ 2>/dev/null || true
  "$f" -max_total_time=30 -rss_limit_mb=2048 "$corpus" > "build-fuzz/$name.log" 2>&1 \
    && echo "fuzz $name: ok" || { echo "fuzz $name: FAILED"; tail -30 "build-fuzz/$name.log"; fails=$((fails+1)); }
  rm -rf "$corpus"
done

echo
if [ "$fails" -eq 0 ]; then echo "all test steps passed"; else echo "$fails test steps failed"; fi
[ "$fails" -eq 0 ]
