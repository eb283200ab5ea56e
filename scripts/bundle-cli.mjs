// Bundles the `hearth` CLI (bin/hearth.js → dist/cli/main.js) from tsc's output with rolldown.
//
// Why: unbundled, `hearth gateway` loads ~450 module files (217 of ours, 200 of TypeBox). Node
// resolves, reads and links each one, which was most of the time before the port was bound, and
// it runs Node's resolver so often that V8 optimises it with Maglev and TurboFan during start-up,
// touching ~8 MB more of the node binary. Bundled, the CLI is a few dozen chunks; every
// `await import()` stays a separate chunk, so each command still loads only what it uses, and the
// gateway still binds its port before the store, modules and validators load.
//
// What is bundled: our code (src-main, src-shared), the pure-ESM libraries it imports (TypeBox,
// @noble) and ws (14 CommonJS files; its optional native helper, bufferutil, is still required
// from node_modules). With ws in node_modules, loading it kept Node's path resolver hot enough for
// TurboFan, which alone touched ~5 MB more of the node binary. Packages that find native code
// relative to their own files (better-sqlite3) or load lazily anyway (commander, ssh2, grammy,
// bonjour, qrcode, tar, ajv) stay in node_modules. Electron and the tests use tsc's per-file output
// (dist/src-main, dist/src-shared), which is kept; only the CLI process runs the bundle, so no
// module exists twice in one process.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { rolldown } from 'rolldown';

const BUNDLED_PACKAGES = ['@sinclair/typebox', '@noble/ed25519', '@noble/hashes', 'ws'];
const builtins = new Set(builtinModules);

function external(id) {
  if (id.startsWith('.') || id.startsWith('/') || id.startsWith('\0')) return false;
  if (id.startsWith('node:') || builtins.has(id)) return true;
  return !BUNDLED_PACKAGES.some((p) => id === p || id.startsWith(`${p}/`));
}

// `import { a, b as c } from "node:fs"` → `const { a, b: c } = process.getBuiltinModule("node:fs")`.
// An ESM import of a builtin evaluates every export of it first, and several are lazy getters
// that load more of Node: node:fs pulls in fs/promises, streams, readline and the REPL history,
// node:crypto the WebCrypto implementation, node:http undici. The CommonJS form loads only the
// module itself. Builtins have no cycles with our code, so evaluating them at the top of the chunk,
// where the imports were, changes nothing else. Only whole lines rolldown itself printed are
// rewritten (one statement per line, at the top of a chunk), so line numbers stay the same.
const BUILTIN_IMPORT = /^import (\{[^}\n]*\}|\* as [\w$]+|[\w$]+) from "(node:[\w/]+)";$/gm;

function builtinBinding(what) {
  if (!what.startsWith('{')) return what.startsWith('* as ') ? what.slice(5) : what;
  const names = what.slice(1, -1).split(',').map((n) => n.trim()).filter(Boolean);
  return `{ ${names.map((n) => n.replace(/^([\w$]+) as ([\w$]+)$/, '$1: $2')).join(', ')} }`;
}

export function builtinsAsCommonJs() {
  return {
    name: 'builtins-as-commonjs',
    renderChunk(code) {
      const next = code.replace(BUILTIN_IMPORT, (_, what, id) => `const ${builtinBinding(what)} = process.getBuiltinModule("${id}");`);
      return next === code ? null : { code: next, map: null };
    },
  };
}

// ws requires, at load, what only some of its paths use: zlib for permessage-deflate (Hearth
// turns it off on every socket), https and tls for wss:// clients, and bufferutil through
// node-gyp-build, which walks node_modules and reads package.json files to find a prebuilt
// binary. In `hearth gateway` that was ~10 ms of the start before the first hello-ok. Here the
// three builtins load on first use (a getter per property: ws reads `zlib.createDeflateRaw` and
// the like only inside functions, never destructured at the top), and bufferutil's binary is
// required from its known place, falling back to node-gyp-build's search when it is not there.
// The library's behaviour is unchanged: the same modules, only later or found more directly.
const WS_LAZY_BUILTINS = /^const (zlib|https|tls) = require\('(zlib|https|tls)'\);$/gm;
const WS_BUFFERUTIL = "const bufferUtil = require('bufferutil');";

function lazyBuiltinSource(name, id) {
  return `let ${name}Loaded; const ${name} = new Proxy({}, { get: (_, key) => (${name}Loaded ??= require('${id}'))[key] });`;
}

const BUFFERUTIL_DIRECT = `const bufferUtil = (() => {
      const { existsSync } = require('fs');
      const { dirname, join } = require('path');
      try {
        const dir = dirname(require.resolve('bufferutil/package.json'));
        for (const f of [join(dir, 'build', 'Release', 'bufferutil.node'), join(dir, 'prebuilds', process.platform + '-' + process.arch, 'bufferutil.node')]) {
          if (existsSync(f)) return require(f);
        }
      } catch {}
      return require('bufferutil');
    })();`;

// What each file must have had rewritten; a ws release that words them differently fails the
// build here instead of quietly loading everything again.
const WS_EXPECTED = { 'permessage-deflate': ['zlib'], websocket: ['https', 'tls'], 'buffer-util': ['bufferutil'] };

export function wsLoadsLazily() {
  const done = new Set();
  return {
    name: 'ws-loads-lazily',
    transform(code, id) {
      const file = /[\\/]node_modules[\\/]ws[\\/]lib[\\/](permessage-deflate|websocket|buffer-util)\.js$/.exec(id)?.[1];
      if (!file) return null;
      let next = code.replace(WS_LAZY_BUILTINS, (line, name, mod) => {
        if (name !== mod) return line;
        done.add(name);
        return lazyBuiltinSource(name, mod);
      });
      if (next.includes(WS_BUFFERUTIL)) {
        next = next.replace(WS_BUFFERUTIL, BUFFERUTIL_DIRECT);
        done.add('bufferutil');
      }
      return next === code ? null : { code: next, map: null };
    },
    buildEnd(err) {
      if (err) return;
      const missing = Object.values(WS_EXPECTED).flat().filter((m) => !done.has(m));
      if (missing.length > 0) throw new Error(`ws-loads-lazily: did not find ws's require of ${missing.join(', ')}; ws changed: update WS_LAZY_BUILTINS / WS_BUFFERUTIL in scripts/bundle-cli.mjs`);
    },
  };
}

/**
 * Moves a fresh build from `stage` into `outDir` without a moment where a running or starting CLI
 * finds a file missing (integration tests rebuild while other tests run the CLI): each file
 * arrives by an atomic rename, chunks before the entry that imports them; an unchanged file is
 * left as it is. Files of older builds go once they are 10 minutes old, so a gateway started
 * before this build can still load its lazy chunks.
 */
function publish(stage, outDir) {
  mkdirSync(outDir, { recursive: true });
  const fresh = readdirSync(stage);
  const entryLast = [...fresh.filter((f) => !f.startsWith('main.')), ...fresh.filter((f) => f.startsWith('main.'))];
  for (const f of entryLast) {
    const from = join(stage, f);
    const to = join(outDir, f);
    if (existsSync(to) && readFileSync(to).equals(readFileSync(from))) {
      const now = new Date();
      utimesSync(to, now, now);
      continue;
    }
    renameSync(from, to);
  }
  const keep = new Set(fresh);
  const cutoff = Date.now() - 10 * 60_000;
  for (const f of readdirSync(outDir)) {
    if (!keep.has(f) && statSync(join(outDir, f)).mtimeMs < cutoff) rmSync(join(outDir, f), { force: true });
  }
  rmSync(stage, { recursive: true, force: true });
}

/**
 * Two hand-off chunks instead of dozens of small shared ones on the way to `listening`: everything
 * `hearth gateway` imports statically before it binds (main → the gateway command, createCore,
 * startGateway) lands in `cli-base` (what other commands share) and `gateway-start` (the rest).
 * Each chunk costs a resolve, a read and a link, and ~25 of them were ~6 ms of the start. After
 * listen, what only the gateway loads on its way to the first hello-ok (assemble, the module
 * catalog and its modules, the validators, the config reloader) is one more, `gateway-serve`
 * (~40 chunks and six waits for a dynamic import before). The sets come from the module graph,
 * so a new import on that path joins them by itself; the gateway-footprint test checks that the
 * heavy parts still stay out.
 */
function startChunks(root) {
  const src = (p) => join(root, 'dist', 'src-main', p);
  const everyCommand = [src('cli/main.js'), src('cli/fast-path.js'), src('cli/report.js')];
  const gatewayStart = [src('cli/lazy-core.js'), src('cli/commands/gateway.js'), src('core/index.js'), src('core/gateway/index.js')];
  const gatewayServe = ['core/gateway/assemble.js', 'core/config-reload/gateway-reloader.js', 'core/config-reload/restart-hint.js'];
  // The node agent imports the catalog for its command list; the catalog's lazy imports are the
  // gateway's feature modules, which only `gatewayModules` (the gateway) loads.
  const lazyOnlyForGateway = new Set([src('core/modules/catalog.js')]);
  let groups;
  const closure = (roots, info, { dynamic = false, stopAt = new Set() } = {}) => {
    const seen = new Set();
    const walk = (id) => {
      if (seen.has(id) || stopAt.has(id)) return;
      const m = info(id);
      if (!m || m.isExternal) return;
      seen.add(id);
      for (const next of m.importedIds) walk(next);
      if (dynamic && !lazyOnlyForGateway.has(id)) for (const next of m.dynamicallyImportedIds) walk(next);
    };
    roots.forEach(walk);
    return seen;
  };
  const compute = (ctx) => {
    if (!groups) {
      const info = (m) => ctx.getModuleInfo(m);
      const base = closure(everyCommand, info);
      // Every other command: the modules main.js and program.js load lazily, and what they import.
      const commands = [src('cli/main.js'), src('cli/program.js')].flatMap((m) => info(m)?.dynamicallyImportedIds ?? []);
      const others = closure([src('cli/program.js'), ...commands.filter((m) => !gatewayStart.includes(m))], info);
      const gw = closure(gatewayStart, info);
      for (const m of gw) if (others.has(m)) base.add(m);
      base.delete(src('cli/main.js'));
      // After listen: assemble, the module catalog and every module it loads, the validators and
      // the config reloader, as one chunk (what no other command shares with them).
      const lazy = (m) => info(m)?.dynamicallyImportedIds ?? [];
      const serveRoots = [...gatewayServe.map(src), ...['core/gateway/assemble.js', 'core/modules/catalog.js', 'core/gateway/validate.js'].flatMap((m) => lazy(src(m)))];
      // Whatever any other command may load, however deep its lazy imports go, stays shared; a
      // command that starts a gateway itself goes through the gateway's own entry points, and
      // loads its chunks as `hearth gateway` does.
      const entries = new Set([src('core/index.js'), src('core/gateway/index.js')]);
      const anyOther = closure([src('cli/program.js'), ...commands.filter((m) => !gatewayStart.includes(m))], info, { dynamic: true, stopAt: entries });
      const serve = closure(serveRoots, info);
      for (const m of serve) if (base.has(m) || gw.has(m) || anyOther.has(m)) serve.delete(m);
      groups = { base, gw, serve };
    }
    return groups;
  };
  return {
    start: (id, ctx) => {
      const g = compute(ctx);
      if (g.base.has(id)) return 'cli-base';
      if (g.gw.has(id)) return 'gateway-start';
      return null;
    },
    // Only the modules computed here: what they import from shared chunks stays there (the
    // default would pull TypeBox and the contract in, and every client command with them).
    serve: (id, ctx) => (compute(ctx).serve.has(id) ? 'gateway-serve' : null),
  };
}

export async function bundleCli(root, outName = 'cli') {
  const outDir = join(root, 'dist', outName);
  const stage = join(root, 'dist', `.cli-${process.pid}`);
  rmSync(stage, { recursive: true, force: true });
  const chunks = startChunks(root);
  const bundle = await rolldown({
    input: { main: join(root, 'dist', 'src-main', 'cli', 'main.js') },
    platform: 'node',
    external,
    plugins: [builtinsAsCommonJs(), wsLoadsLazily()],
    // Needed by a group that leaves its dependencies where they are (gateway-serve); the entry
    // may export more than `main`, which nothing relies on.
    preserveEntrySignatures: 'allow-extension',
    // The node agent imports the module catalog statically (for its command list) and the
    // gateway lazily; the catalog staying where it is, is what we want.
    checks: { ineffectiveDynamicImport: false },
    logLevel: 'warn',
  });
  try {
    await bundle.write({
      dir: stage, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', sourcemap: true,
      // V8 keeps every module's source in the heap (for lazy compilation). The doc comments stay
      // in src/ and in tsc's output; here they would only take memory, and one "—" in a file makes
      // its whole source a two-byte string, so non-ASCII is escaped as well. Licence comments stay.
      comments: { legal: true, annotation: false, jsdoc: false },
      charset: 'ascii',
      codeSplitting: { groups: [
        { name: chunks.start, debugName: 'start chunks' },
        { name: chunks.serve, debugName: 'gateway-serve chunk', includeDependenciesRecursively: false },
      ] },
    });
  } finally {
    await bundle.close();
  }
  checkServeChunk(stage);
  publish(stage, outDir);
}

/** Only gateway-start may import gateway-serve statically: a client command that did would load the whole gateway. */
function checkServeChunk(stage) {
  const files = readdirSync(stage).filter((f) => f.endsWith('.js'));
  const serve = files.find((f) => f.startsWith('gateway-serve-'));
  if (!serve) throw new Error('bundle-cli: no gateway-serve chunk was produced; check startChunks()');
  const importsServe = new RegExp(`^import [^;]*from "\\./${serve.replace(/[.-]/g, '\\$&')}";?$`, 'm');
  const wrong = files.filter((f) => !f.startsWith('gateway-start-') && f !== serve && importsServe.test(readFileSync(join(stage, f), 'utf8')));
  if (wrong.length > 0) throw new Error(`bundle-cli: ${wrong.join(', ')} import gateway-serve statically; what they share with the gateway must stay out of it (startChunks)`);
}
