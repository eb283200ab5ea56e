// Generates src-main/core/gateway/generated/validators.ts: the shared schemas compiled by ajv into
// standalone code, so the gateway validates every frame without loading ajv or the schema
// library at run time (both cost start-up time and memory). Run `node scripts/gen-validators.ts`
// after changing src-shared/protocol/schemas.ts; a unit test fails while the file is stale.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateValidatorsSource } from './validators-source.ts';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'src-main', 'core', 'gateway', 'generated', 'validators.ts');
writeFileSync(out, generateValidatorsSource());
console.log(`wrote ${out}`);
