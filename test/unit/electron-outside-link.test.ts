// The desktop app's link to a gateway outside it is retried every few seconds while that gateway
// cannot be read: the app's log gets one line per cause, not one per retry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Logger } from '../../src-main/core/logger.ts';
import { OutsideLink } from '../../src-main/electron/roles/outside-link.ts';
import { freePort } from '../helpers/processes.ts';

function recordingLogger(warnings: string[]): Logger {
  const l: Logger = {
    debug: () => {}, info: () => {}, error: () => {},
    warn: (msg, fields) => warnings.push(`${msg}: ${String(fields?.['error'])}`),
    child: () => l,
  };
  return l;
}

test('an outside gateway that cannot be read is logged once, not at every retry', async () => {
  const warnings: string[] = [];
  const port = await freePort(); // nothing listens there
  const link = new OutsideLink({ url: `ws://127.0.0.1:${port}`, version: 'test', logger: recordingLogger(warnings), onChange: () => {} });
  try {
    for (let i = 0; i < 3; i++) await link.ensure();
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /cannot read the gateway that runs outside the app/);
    assert.equal(link.connected, false);
  } finally {
    link.close();
  }
});
