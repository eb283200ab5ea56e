/**
 * Gives the control plane's methods their params schema from the shared protocol
 * (`MethodParamsSchemas` in src-shared), so a core module never repeats a schema the wire
 * contract already states. The gateway validates these with the validators generated ahead of time
 * from the same schemas (gateway/validate.ts); the registry still sees a `schema` on every method.
 */
import { MethodParamsSchemas } from '../../../src-shared/protocol/schemas.ts';
import type { MethodSpec } from '../gateway/services.ts';

export function withContractSchemas(methods: Record<string, MethodSpec>): Record<string, MethodSpec> {
  const out: Record<string, MethodSpec> = {};
  for (const [name, spec] of Object.entries(methods)) {
    const shared = Object.hasOwn(MethodParamsSchemas, name) ? (MethodParamsSchemas as Record<string, object>)[name] : undefined;
    // A method outside the shared set keeps its own schema (or none, which the registry refuses).
    out[name] = spec.schema || !shared ? spec : { ...spec, schema: shared };
  }
  return out;
}
