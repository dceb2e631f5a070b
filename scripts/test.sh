#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test suite:
#   1. ctest --preset native                    (doctest cases of the C++ core, natively)
#      ctest --preset sanitize                  (the same cases under ASan + UBSan, clang)
#      ctest --preset fuzz                      (libFuzzer, a bounded run from the seed corpus)
#   2. node --test tests/node/                  (the built dist/nadaraya-watson.js in Node)
#      node --test tests/package/               (npm pack, installed offline in a temporary folder:
#                                                require, import, esbuild + Chromium, TypeScript)
#   3. node --test --test-concurrency=1 tests/browser/   (the page in headless Chromium)
#      node --test tests/engines/<engine>.test.cjs       (the cross-engine suite, once per engine:
#                                                chromium, firefox, webkit; a count for each)
#   4. bash scripts/lint.sh                     (prettier, eslint, clang-format: one test each)
# Every suite runs even when an earlier one fails. Logs go to test-results/. The last line is
# "N passed, N failed" summed over all suites; the exit status is non-zero on any failure.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RESULTS=test-results
mkdir -p "$RESULTS"

if ! bash scripts/build.sh sanitize fuzz; then
  echo "test: the build failed; no test was run"
  echo "0 passed, 1 failed"
  exit 1
fi

total_pass=0
total_fail=0
summary=()

# record NAME PASSED FAILED [NOTE]
record() {
  total_pass=$((total_pass + $2))
  total_fail=$((total_fail + $3))
  summary+=("$(printf '%-22s %4d passed, %4d failed%s' "$1" "$2" "$3" "${4:+  ($4)}")")
}

# run_ctest PRESET
run_ctest() {
  local preset=$1 log="$RESULTS/ctest-$1.log" rc line
  echo
  echo "== ctest --preset $preset"
  ctest --preset "$preset" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  # e.g. "100% tests passed, 0 tests failed out of 42"
  line=$(sed -nE 's/^[0-9]+% tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\1 \2/p' "$log" | tail -n 1)
  if [ -z "$line" ]; then
    if grep -q '^CMake Error' "$log"; then
      record "ctest $preset" 0 1 "CMake errors reading the registered tests, see $log"
    else
      record "ctest $preset" 0 1 "no summary from ctest (exit $rc), see $log"
    fi
    return
  fi
  local failed=${line% *} total=${line#* }
  local note=""
  if [ "$total" -eq 0 ]; then failed=1; note="no tests found"; fi
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; note="ctest exited with $rc"; fi
  record "ctest $preset" $((total - ${line% *})) "$failed" "$note"
}

# run_node NAME DIR [extra node --test flags...]
# Spec reporter on the terminal, TAP into a file whose "# pass N" / "# fail N" lines are counted.
run_node() {
  local name=$1 dir=$2
  shift 2
  local tap="$RESULTS/$name.tap" rc
  echo
  echo "== node --test $* $dir"
  rm -f "$tap"
  node --test "$@" \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" \
    "$dir"
  rc=$?
  local pass fail cancelled tests todo
  pass=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$tap" 2>/dev/null | tail -n 1)
  fail=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$tap" 2>/dev/null | tail -n 1)
  cancelled=$(sed -nE 's/^# cancelled ([0-9]+)$/\1/p' "$tap" 2>/dev/null | tail -n 1)
  tests=$(sed -nE 's/^# tests ([0-9]+)$/\1/p' "$tap" 2>/dev/null | tail -n 1)
  # A todo test (a known, reported problem) passes or fails without failing the run: counted apart.
  todo=$(sed -nE 's/^# todo ([0-9]+)$/\1/p' "$tap" 2>/dev/null | tail -n 1)
  if [ -z "$pass" ] || [ -z "$fail" ]; then
    record "$name" 0 1 "no summary from the test runner (exit $rc)"
    return
  fi
  fail=$((fail + ${cancelled:-0}))
  local note=""
  if [ "${tests:-0}" -eq 0 ]; then fail=$((fail + 1)); note="no tests found in $dir"; fi
  if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; note="node exited with $rc"; fi
  if [ "${todo:-0}" -gt 0 ]; then note="${note:+$note; }$todo todo"; fi
  record "$name" "$pass" "$fail" "$note"
}

run_ctest native
run_ctest sanitize
run_ctest fuzz
run_node node tests/node/ --test-timeout=300000
run_node package tests/package/ --test-timeout=300000
# A hung test fails after 5 minutes instead of holding the run (and CI) forever.
run_node browser tests/browser/ --test-concurrency=1 --test-timeout=300000
# The same page tests in three engines (tests/engines/suite.cjs), one run each for a count each.
for engine in chromium firefox webkit; do
  run_node "engines-$engine" "tests/engines/$engine.test.cjs" --test-timeout=300000
done

# run_lint: scripts/lint.sh counts one test per check and ends with "lint: N passed, N failed".
run_lint() {
  local log="$RESULTS/lint.log" rc line
  echo
  echo "== bash scripts/lint.sh"
  bash scripts/lint.sh 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  line=$(sed -nE 's/^lint: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$log" | tail -n 1)
  if [ -z "$line" ]; then
    record lint 0 1 "no summary from scripts/lint.sh (exit $rc), see $log"
    return
  fi
  local pass=${line% *} fail=${line#* } note=""
  if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; note="lint.sh exited with $rc"; fi
  record lint "$pass" "$fail" "$note"
}

run_lint

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
echo "${total_pass} passed, ${total_fail} failed"
[ "$total_fail" -eq 0 ]
