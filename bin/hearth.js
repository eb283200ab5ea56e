#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build`. Kept to syntax every Node still
// in use can parse, so an old Node hears which version it needs instead of a SyntaxError.

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  tooOld();
} else {
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
}

/**
 * On a Node older than 22.12 the npm scripts (scripts/with-node.mjs) fetch Node 24 into
 * .cache/node24 and run under it; `hearth` itself cannot, so it names that Node's bin/ (one
 * export and `npx hearth` works, as after `npm run gateway` on Debian 12), or how to get it.
 */
function tooOld() {
  const need = `hearth: needs Node.js 22.12 or newer (this is ${process.versions.node})`;
  Promise.all([import('node:fs'), import('node:path'), import('node:url')]).then(([fs, path, url]) => {
    const pkg = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
    const cache = process.env.HEARTH_NODE_CACHE || path.join(path.dirname(url.fileURLToPath(import.meta.url)), '..', '.cache', 'node24');
    const bin = path.join(cache, 'node_modules', pkg, 'bin');
    const fetched = fs.existsSync(path.join(bin, process.platform === 'win32' ? 'node.exe' : 'node'));
    console.error(fetched
      ? `${need}; the npm scripts here fetched Node 24: put it first on PATH (\`export PATH="${bin}${path.delimiter}$PATH"\`) and run the command again`
      : `${need}; install it from your package manager or nodejs.org, or run an npm script here once (\`npm run build\` fetches Node 24 into ${cache}) and put ${bin} first on PATH`);
  }).catch(() => console.error(`${need}; install it from your package manager or nodejs.org`)).then(() => process.exit(1));
}
