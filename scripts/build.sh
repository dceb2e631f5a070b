#!/usr/bin/env bash
# Installs what is missing, then builds: native core + doctest tests (build/native), the
# WebAssembly module (build/wasm) and the static site (dist/). Re-runs only redo what changed.
# Extra CMake presets to build may be named as arguments (scripts/test.sh: sanitize fuzz).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh

# Configure a preset when its build directory has no cache yet, or when the presets changed
# (cmake --build re-runs configure by itself when a CMakeLists.txt changes).
configure_and_build() {
  local preset=$1 cache="build/$1/CMakeCache.txt"
  if [ ! -f "$cache" ] || [ CMakePresets.json -nt "$cache" ]; then
    echo "build: configuring preset $preset"
    cmake --preset "$preset"
  fi
  echo "build: building preset $preset"
  cmake --build --preset "$preset"
}

configure_and_build native
configure_and_build wasm
for preset in "$@"; do configure_and_build "$preset"; done

echo "build: web/build.mjs -> dist/"
node web/build.mjs
