/**
 * Holds V8's young generation at its initial size while the gateway starts.
 *
 * Start-up allocates ~20 MB that lives for the whole run (modules, schemas, generated validators,
 * prepared statements). V8 sees that much surviving its scavenges and doubles the young
 * generation each time, up to 2 × 16 MB; it gives that space back only on a memory-reducing GC,
 * which an idle gateway rarely triggers, so a quiet gateway kept ~12 MB of empty young-generation
 * pages resident for its whole life. With growth held, start-up survivors go straight to the old
 * generation (where they end anyway) and the young generation stays at 2 × 1 MB.
 *
 * The hold is released once the gateway is up: afterwards the young generation grows under real
 * load (streamed output, bursts of invokes) exactly as before, so request speed is unchanged.
 * A `--semi-space-growth-factor` the user passed (NODE_OPTIONS, node flags) is left alone.
 */
import type * as NodeV8 from 'node:v8';

const FLAG = '--semi-space-growth-factor';
/** V8's default (see `node --v8-options`). */
const V8_DEFAULT_GROWTH = 2;

function userSetsGrowth(): boolean {
  return [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].some((a) => a.includes('semi-space-growth-factor') || a.includes('semi_space_growth_factor'));
}

/** Stops young-generation growth; the returned function restores it (idempotent). */
export function holdYoungGeneration(): () => void {
  if (userSetsGrowth()) return () => {};
  const v8: typeof NodeV8 = process.getBuiltinModule('node:v8');
  v8.setFlagsFromString(`${FLAG}=1`);
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    v8.setFlagsFromString(`${FLAG}=${V8_DEFAULT_GROWTH}`);
  };
}
