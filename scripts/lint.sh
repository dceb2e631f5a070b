#!/usr/bin/env bash
# Static checks, each run even when an earlier one fails:
#   prettier      JS (.js .cjs .mjs), JSON and CSS formatted as .prettierrc says (.prettierignore)
#   eslint        eslint.config.js (correctness rules; browser, worker, Node and Emscripten globals)
#   clang-format  the C++ of core/, wasm/, tests/ and bench/ formatted as .clang-format says
# Lists every file that differs or fails; the last line is "lint: N passed, N failed" (one per
# check) and the exit status is non-zero on any failure. scripts/test.sh runs this as its "lint"
# suite; `npm run lint` calls it too.
#
#   bash scripts/lint.sh --fix    rewrites the files instead: prettier --write, clang-format -i
#                                 (eslint's findings are not rewritten: they need a person)
# CLANG_FORMAT=<path> picks another clang-format (default: clang-format on PATH, Debian 12's 14).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

FIX=0
case "${1:-}" in
  --fix) FIX=1 ;;
  "") ;;
  *)
    echo "usage: bash scripts/lint.sh [--fix]" >&2
    exit 2
    ;;
esac

CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
if [ ! -x node_modules/.bin/prettier ] || [ ! -x node_modules/.bin/eslint ] || ! command -v "$CLANG_FORMAT" >/dev/null; then
  bash scripts/setup.sh || exit 1
fi

# What prettier formats (globs it expands itself; .prettierignore excludes generated files).
PRETTIER_GLOBS=('**/*.{js,cjs,mjs}' '**/*.json' '**/*.css')
# The C++ sources (found, not listed, so that a new file is checked at once).
cpp_files() {
  find core wasm tests bench -type f \( -name '*.cpp' -o -name '*.h' \) -not -path 'tests/fuzz/corpus/*' | sort
}

if [ "$FIX" -eq 1 ]; then
  echo "== prettier --write"
  npx --no-install prettier --write --log-level warn "${PRETTIER_GLOBS[@]}" || exit 1
  echo "== clang-format -i"
  mapfile -t files < <(cpp_files)
  "$CLANG_FORMAT" -i "${files[@]}" || exit 1
  echo "lint --fix: formatted; run bash scripts/lint.sh to check"
  exit 0
fi

passed=0
failed=0
result() { # NAME STATUS DETAIL
  if [ "$2" -eq 0 ]; then
    passed=$((passed + 1))
    echo "ok   $1${3:+: $3}"
  else
    failed=$((failed + 1))
    echo "FAIL $1${3:+: $3}"
  fi
}

echo "== prettier --list-different (files that differ from .prettierrc's format)"
out=$(npx --no-install prettier --list-different "${PRETTIER_GLOBS[@]}" 2>&1)
rc=$?
[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/  /'
count=$(printf '%s' "$out" | grep -c . || true)
if [ "$rc" -eq 0 ]; then
  result prettier 0 "every file formatted"
else
  result prettier 1 "$count file(s) differ or failed; bash scripts/lint.sh --fix formats them"
fi

echo "== eslint"
npx --no-install eslint --max-warnings 0 .
rc=$?
if [ "$rc" -eq 0 ]; then result eslint 0 "no problem"; else result eslint 1 "see the problems above"; fi

echo "== $CLANG_FORMAT --dry-run --Werror ($("$CLANG_FORMAT" --version | head -n 1))"
mapfile -t files < <(cpp_files)
differ=()
for f in "${files[@]}"; do
  # --dry-run prints each difference as a warning; count them, list the file once.
  n=$("$CLANG_FORMAT" --dry-run --Werror "$f" 2>&1 | grep -c 'error: code should be clang-formatted' || true)
  if [ "$n" -gt 0 ] || ! "$CLANG_FORMAT" --dry-run --Werror "$f" >/dev/null 2>&1; then
    differ+=("$f")
    echo "  $f ($n place(s))"
  fi
done
if [ ${#differ[@]} -eq 0 ]; then
  result clang-format 0 "${#files[@]} files formatted"
else
  result clang-format 1 "${#differ[@]} of ${#files[@]} files differ; bash scripts/lint.sh --fix formats them"
fi

echo "lint: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
