// The web UI's first visit loads the app, not the screens most visits never open: Pair, Storage,
// Models and Remote load when opened, and with them the QR encoder (src-renderer/README.md).
// A static import of one of them from a screen that is always loaded pulls it back in.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { firstVisitJs } from '../../bench/webui.ts';
import { ROOT } from '../helpers/processes.ts';

const DIST = join(ROOT, 'dist', 'renderer');
const ON_DEMAND = ['Pair', 'Storage', 'Models', 'Remote', 'QrCode'];

test('the first visit loads none of the on-demand screens, nor the QR encoder', () => {
  const chunks = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
  for (const name of ON_DEMAND) assert.ok(chunks.some((f) => f.startsWith(`${name}-`)), `${name} is a chunk of its own (${chunks.join(', ')})`);
  const first = firstVisitJs(DIST).files.map((f) => f.replace(/^assets\//, ''));
  const loaded = first.filter((f) => ON_DEMAND.some((name) => f.startsWith(`${name}-`)));
  assert.deepEqual(loaded, [], `loaded on the first visit: ${first.join(', ')}`);
});
