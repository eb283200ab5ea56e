#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build`.
import * as nodeModule from 'node:module';

// Reuse V8's compiled code across runs (Node >= 22.1): a CLI call or a gateway start parses
// its modules once per version instead of on every launch.
nodeModule.enableCompileCache?.();

import('../dist/src-main/cli/main.js').then(
  (cli) => cli.main(process.argv.slice(2)),
  (err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
      console.error('hearth: not built yet. Run `npm run build` first.');
    } else {
      console.error(err);
    }
    process.exit(1);
  },
);
