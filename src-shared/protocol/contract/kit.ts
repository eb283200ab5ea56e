/**
 * Building blocks of the contract's TypeBox schemas. Params are closed (the real gateway rejects
 * unknown properties); results and event payloads are open, because OpenClaw may add fields and a
 * client must never break on a field it does not know.
 */
import { Type, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';

export const Str = (opts: { minLength?: number; maxLength?: number; pattern?: string } = {}) => Type.String(opts);
export const NonEmpty = Str({ minLength: 1 });
export const closed = { additionalProperties: false } as const;

/** A params object: unknown properties are refused. */
export const Params = <P extends TProperties>(props: P): TObject<P> => Type.Object(props, closed);
/** A result or payload object: unknown properties are allowed (interop with newer peers). */
export const Open = <P extends TProperties>(props: P): TObject<P> => Type.Object(props, { additionalProperties: true });
/** `{}` params that refuse anything else. */
export const Empty = Type.Object({}, closed);
/** Any object (params the gateway accepts and ignores, OpenClaw's own node-role updates). */
export const AnyObject = Type.Object({}, { additionalProperties: true });
export const Opt = Type.Optional;

/** A string enum as JSON Schema `enum` (so errors read "must be equal to one of the allowed values"). */
export function StringEnum<T extends readonly string[]>(values: T) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
}

/** `T | null`. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** One method: its params and its result. */
export interface MethodContract<P extends TSchema = TSchema, R extends TSchema = TSchema> {
  params: P;
  result: R;
}

export const method = <P extends TSchema, R extends TSchema>(params: P, result: R): MethodContract<P, R> => ({ params, result });
