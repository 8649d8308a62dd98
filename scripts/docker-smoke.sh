#!/usr/bin/env bash
# Build the image and smoke-test it: stdio (initialize + tools/list over `docker run -i`) and HTTP (/health and a
# tools/list over POST /mcp). Needs a running Docker daemon.
set -euo pipefail
cd "$(dirname "$0")/.."
image=${IMAGE:-cpt97124-mcp:smoke}
docker build -t "$image" .
test "$(docker run --rm "$image" --version | cut -d' ' -f1)" = cpt97124-mcp
test "$(docker run --rm --entrypoint id "$image" -u)" != 0   # not root
init='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"smoke","version":"0"}}}'
list='{"jsonrpc":"2.0","id":2,"method":"tools/list"}'
printf '%s\n%s\n%s\n' "$init" '{"jsonrpc":"2.0","method":"notifications/initialized"}' "$list" |
    docker run -i --rm "$image" | grep -q '"compute_units"'
container=$(docker run -d --rm -p 127.0.0.1:18767:8000 "$image" serve --http --host 0.0.0.0)
trap 'docker stop "$container" >/dev/null' EXIT
for _ in $(seq 50); do curl -sf http://127.0.0.1:18767/health >/dev/null && break; sleep 0.2; done
curl -sf -X POST http://127.0.0.1:18767/mcp -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' -d "$list" | grep -q '"validate_claim"'
echo "docker smoke test passed: stdio and HTTP"
