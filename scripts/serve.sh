#!/usr/bin/env bash
# Installs what is missing, builds, and serves the tutorial (dist/) on localhost.
#   PORT=8000 (default) bash scripts/serve.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/build.sh

PORT=${PORT:-8000}
echo
exec node scripts/static-server.cjs dist --host 127.0.0.1 --port "$PORT"
