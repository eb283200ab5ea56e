// Generates the validators compiled ahead of time from the contract (src-shared/protocol/contract/):
//  - src-main/core/gateway/generated/validators.ts: connect + every method's params, loaded by the
//    gateway right after it listens (no ajv, no schema library at run time: start-up speed);
//  - src-shared/protocol/contract/generated/client-validators.js (+ .d.ts): every result and event payload,
//    loaded by clients on first use (the web UI's CSP forbids compiling at run time).
// Run `node scripts/gen-validators.ts` after changing the contract; a unit test fails while a file is stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLIENT_VALIDATORS_DTS, generateClientValidatorsSource } from './client-validators-source.ts';
import { generateValidatorsSource } from './validators-source.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outputs: [string, () => string][] = [
  [join(root, 'src-main', 'core', 'gateway', 'generated', 'validators.ts'), generateValidatorsSource],
  [join(root, 'src-shared', 'protocol', 'contract', 'generated', 'client-validators.js'), generateClientValidatorsSource],
  [join(root, 'src-shared', 'protocol', 'contract', 'generated', 'client-validators.d.ts'), () => CLIENT_VALIDATORS_DTS],
];
for (const [out, source] of outputs) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, source());
  console.log(`wrote ${out}`);
}
