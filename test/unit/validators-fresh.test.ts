// The generated validators must match the schemas they were compiled from.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateValidatorsSource } from '../../scripts/validators-source.ts';
import { ROOT } from '../helpers/processes.ts';

test('generated/validators.ts is up to date (run `node scripts/gen-validators.ts`)', () => {
  const onDisk = readFileSync(join(ROOT, 'src-main/core/gateway/generated/validators.ts'), 'utf8');
  assert.equal(onDisk, generateValidatorsSource());
});
