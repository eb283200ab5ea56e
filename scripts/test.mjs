// `npm test`: builds once, then runs every suite in turn — Node unit + integration tests (real
// processes on loopback), the renderer's vitest suite, and the Playwright suite in Debian's
// Chromium — and ends with one summary line `tests: N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(label, cmd, args, parse) {
  return new Promise((resolve) => {
    console.log(`\n=== ${label} ===`);
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let out = '';
    const tee = (stream) => (d) => { out += d.toString(); stream.write(d); };
    child.stdout.on('data', tee(process.stdout));
    child.stderr.on('data', tee(process.stderr));
    child.on('close', (code) => {
      const counts = parse ? parse(out) : { passed: 0, failed: 0 };
      if (code !== 0 && counts.failed === 0) counts.failed = 1;
      resolve({ label, code, ...counts });
    });
  });
}

// eslint-disable-next-line no-control-regex
const plain = (s) => s.replace(/\u001b\[[0-9;]*m/g, '');
const nodeTest = (out) => ({
  passed: Number(/ℹ pass (\d+)/.exec(out)?.[1] ?? 0),
  failed: Number(/ℹ fail (\d+)/.exec(out)?.[1] ?? 0),
});
const vitest = (out) => {
  const line = plain(out).split('\n').find((l) => /^\s*Tests\s+/.test(l)) ?? '';
  return { passed: Number(/(\d+) passed/.exec(line)?.[1] ?? 0), failed: Number(/(\d+) failed/.exec(line)?.[1] ?? 0) };
};
const playwright = (out) => {
  const s = plain(out);
  return { passed: Number(/(\d+) passed/.exec(s)?.[1] ?? 0), failed: Number(/(\d+) failed/.exec(s)?.[1] ?? 0) };
};

/** As root on Debian, installs Chromium for the web UI suite; anyone else is asked to. */
function installChromium() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) return;
  // With a CJK font: the zh-CN screens are laid out and screenshotted with real glyphs, not boxes.
  console.log('\n=== installing Debian Chromium and a CJK font for the web UI suite (apt-get install -y chromium fonts-noto-cjk) ===');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], { stdio: 'inherit', env });
}

const results = [];
const build = await run('build', process.execPath, [join(root, 'scripts', 'build.mjs')]);
if (build.code !== 0) {
  console.log('\ntests: 0 passed, 1 failed');
  process.exit(1);
}
// A test that hangs fails after 5 minutes (none needs that long) instead of holding the run
// until CI's own limit, with nothing said about which one it was.
results.push(await run('unit + integration (node:test)', process.execPath, [
  '--test', '--test-concurrency=2', '--test-timeout=300000', '--test-reporter=spec', 'test/unit/**/*.test.ts', 'test/integration/**/*.test.ts',
], nodeTest));
if (scripts['test:renderer'] && existsSync(join(root, 'vitest.config.ts'))) {
  results.push(await run('renderer (vitest)', bin('vitest'), ['run', '--config', 'vitest.config.ts'], vitest));
}
if (scripts['test:e2e'] && existsSync(join(root, 'e2e', 'webui', 'playwright.config.ts'))) {
  if (!existsSync('/usr/bin/chromium') || !existsSync('/usr/share/fonts/opentype/noto')) installChromium();
  if (!existsSync('/usr/bin/chromium')) {
    console.log('\n=== web UI (Playwright) ===\nDebian Chromium is missing: install it with `sudo apt-get install -y chromium` and run `npm test` again (bash .ci/run does this).');
    results.push({ label: 'web UI (Playwright)', code: 1, passed: 0, failed: 1 });
  } else {
    results.push(await run('web UI (Playwright, Debian Chromium)', bin('playwright'), ['test', '-c', 'e2e/webui/playwright.config.ts'], playwright));
  }
}

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log('\nSummary:');
for (const r of results) console.log(`  ${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.label}: ${r.passed} passed, ${r.failed} failed`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
