#!/usr/bin/env bash
# The README's fresh-machine path, as a newcomer runs it: a clean clone, the machine's own Node
# (Debian's 20 here), `npm install && npm run gateway`. Passes when the gateway comes up (the npm
# scripts fetch Node 24 themselves) and the lock file was left as committed.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
state=$(mktemp -d)
# The gateway runs in its own process group (npm → sh → with-node → hearth): stop all of it, as
# Ctrl+C in a terminal would, so no gateway outlives the check.
trap 'kill -INT -- "-$pid" 2>/dev/null || true; sleep 1; kill -KILL -- "-$pid" 2>/dev/null || true; rm -rf "$work" "$state"' EXIT
git clone -q "$src" "$work/hearth"
cd "$work/hearth"
echo "--- README path with $(node --version): npm install && npm run gateway"
npm install --no-audit --no-fund --loglevel=error
if ! git diff --quiet -- package-lock.json; then
  echo "npm install rewrote package-lock.json:"; git diff -- package-lock.json | head -40; exit 1
fi
HEARTH_STATE_DIR="$state" setsid npm run gateway -- --port 0 >"$work/gateway.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do
  if grep -q 'Press Ctrl+C to stop' "$work/gateway.log"; then
    echo "--- gateway up:"; grep -m1 -E 'listening|Gateway' "$work/gateway.log" || true
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 0.5
done
echo "the gateway did not come up; its output:"; cat "$work/gateway.log"; exit 1
