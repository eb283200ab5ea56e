// Builds what Hearth runs: the Node side with tsc (core, CLI, Electron host), then
// the React renderer with Vite when it exists. One entry point so `npm run build`
// means the same thing in CI, in `npm run gateway` and in the tests.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from './bundle-cli.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run(bin('tsc'), ['-p', 'tsconfig.build.json']);
// tsc emits no .js sources: the generated client validators (plain JS, too big for type
// stripping) are copied beside the compiled contract.
const generated = join('src-shared', 'protocol', 'contract', 'generated');
mkdirSync(join(root, 'dist', generated), { recursive: true });
copyFileSync(join(root, generated, 'client-validators.js'), join(root, 'dist', generated, 'client-validators.js'));
// The CLI runs from a bundle of that output (scripts/bundle-cli.mjs says why).
await bundleCli(root);
if (existsSync(join(root, 'vite.config.ts')) && !process.argv.includes('--main-only')) {
  run(bin('vite'), ['build', '--logLevel', 'warn']);
}
