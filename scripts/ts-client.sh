#!/usr/bin/env bash
# The TypeScript SDK client (@modelcontextprotocol/sdk) lists and calls every tool over stdio and HTTP.
#   scripts/ts-client.sh [PYTHON]      PYTHON: the interpreter with cpt97124-mcp installed (default: python3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
python=${1:-python3}
work=${TS_CLIENT_DIR:-$(mktemp -d)}
port=${TS_CLIENT_PORT:-18766}
(cd "$work" && npm install --no-audit --no-fund --silent @modelcontextprotocol/sdk@1.32.2 >/dev/null)
cp "$here/ts_client.mjs" "$work/"
"$python" -m cpt97124_mcp serve --http --port "$port" 2>"$work/server.log" &
server=$!
trap 'kill $server' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
node "$work/ts_client.mjs" "$python" "http://127.0.0.1:$port/mcp"
