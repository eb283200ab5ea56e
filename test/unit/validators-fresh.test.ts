// The generated validators must match the contract they were compiled from.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLIENT_VALIDATORS_DTS, generateClientValidatorsSource } from '../../scripts/client-validators-source.ts';
import { generateValidatorsSource } from '../../scripts/validators-source.ts';
import { ROOT } from '../helpers/processes.ts';

test('generated/validators.ts is up to date (run `node scripts/gen-validators.ts`)', () => {
  const onDisk = readFileSync(join(ROOT, 'src-main/core/gateway/generated/validators.ts'), 'utf8');
  assert.equal(onDisk, generateValidatorsSource());
});

test('contract/generated/client-validators.js is up to date (run `node scripts/gen-validators.ts`)', () => {
  const dir = join(ROOT, 'src-shared/protocol/contract/generated');
  assert.equal(readFileSync(join(dir, 'client-validators.js'), 'utf8'), generateClientValidatorsSource());
  assert.equal(readFileSync(join(dir, 'client-validators.d.ts'), 'utf8'), CLIENT_VALIDATORS_DTS);
});
