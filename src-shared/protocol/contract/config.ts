/** `hearth.config.*`: every setting the modules declared, with value, default and description. */
import { Type, type Static } from '@sinclair/typebox';
import { Empty, Open, Opt, Params, method } from './kit.ts';

const Key = Type.String({ minLength: 1, maxLength: 200 });

/** One setting as `hearth config` shows it. */
export const SettingViewSchema = Open({
  key: Type.String(),
  module: Type.String(),
  value: Type.Unknown(),
  default: Type.Unknown(),
  /** True when nothing is stored: the value is the default. */
  isDefault: Type.Boolean(),
  description: Type.String(),
  restart: Type.Boolean(),
  schema: Type.Unknown(),
});
export type SettingView = Static<typeof SettingViewSchema>;

/** What a change answers: the setting now, what it was, and how to apply it when it waits for a restart. */
export const SettingChangeSchema = Type.Intersect([
  SettingViewSchema,
  Open({ previous: Type.Unknown(), restartRequired: Type.Boolean(), restartHint: Opt(Type.String()) }),
]);
export type SettingChange = Static<typeof SettingChangeSchema>;

export const configMethods = {
  'hearth.config.list': method(Empty, Open({ settings: Type.Array(SettingViewSchema) })),
  'hearth.config.get': method(Params({ key: Key }), SettingViewSchema),
  'hearth.config.set': method(Params({ key: Key, value: Type.Unknown() }), SettingChangeSchema),
  'hearth.config.reset': method(Params({ key: Key }), SettingChangeSchema),
};
