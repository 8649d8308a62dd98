#!/usr/bin/env bash
# The official MCP conformance suite (@modelcontextprotocol/conformance) against `cpt97124-mcp serve --http`.
# Needs Node 22: taken from PATH if it is 22 or newer, else installed locally with the npm package node@22.
# Exit 0: every applicable scenario passed (scripts/conformance-baseline.yml lists those that do not apply).
#   scripts/conformance.sh [PYTHON]      PYTHON: the interpreter with cpt97124-mcp installed (default: python3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
python=${1:-python3}
work=${CONFORMANCE_DIR:-$(mktemp -d)}
port=${CONFORMANCE_PORT:-18765}
if ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 22 ? 0 : 1)' 2>/dev/null; then
    (cd "$work" && npm install --no-audit --no-fund --silent node@22 >/dev/null)
    export PATH="$work/node_modules/node/bin:$PATH"
fi
(cd "$work" && npm install --no-audit --no-fund --silent @modelcontextprotocol/conformance@0.1.16 >/dev/null)
"$python" -m cpt97124_mcp serve --http --port "$port" 2>"$work/server.log" &
server=$!
trap 'kill $server' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
node "$work/node_modules/@modelcontextprotocol/conformance/dist/index.js" server \
    --url "http://127.0.0.1:$port/mcp" --expected-failures "$here/conformance-baseline.yml" -o "$work/results"
