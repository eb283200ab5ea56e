/**
 * Every setting a module declares — key, TypeBox schema, default, one-line description, whether
 * a change needs a restart — in one place, so `hearth config list|get|set` can show them all and
 * refuse a value that does not fit (or a key nobody declared, naming the nearest one).
 *
 * A module's setting `key` is relative; its full key is `<module>.<key>`, the same key the
 * module reads through `ctx.settings` (stored in the settings table).
 */
import { DuplicateRegistrationError, RegistrationError } from './registration-errors.ts';
import { nearestName } from './nearest-name.ts';
import { validateWithSchema } from './schema-validator.ts';

export interface SettingSpec {
  /** camelCase, unique in the module (`nodeOfflineAfterMs`). */
  key: string;
  /** JSON schema of the value (TypeBox). */
  schema: object;
  /** Used while nothing is stored; must satisfy the schema. */
  default: unknown;
  /** One line a person reads in `hearth config list`: what it changes, with its unit. */
  description: string;
  /** True when the module reads it only at start: a change applies after the gateway restarts. */
  restart?: boolean;
}

export interface DeclaredSetting extends SettingSpec {
  module: string;
  /** `<module>.<key>`. */
  fullKey: string;
}

/** A key no module declared; `nearest` is the closest declared key, when there is one. */
export class UnknownSettingError extends Error {
  readonly key: string;
  readonly nearest: string | undefined;
  constructor(key: string, nearest: string | undefined) {
    super(`unknown setting "${key}"${nearest ? `; did you mean "${nearest}"?` : ''} (\`hearth config list\` shows every setting)`);
    this.key = key;
    this.nearest = nearest;
  }
}

/** A value its setting's schema refuses. */
export class InvalidSettingValueError extends Error {
  readonly key: string;
  constructor(key: string, problem: string, setting: DeclaredSetting) {
    super(`invalid value for ${key}: ${problem} (${setting.description}; default ${JSON.stringify(setting.default)})`);
    this.key = key;
  }
}

export class SettingsRegistry {
  private readonly byKey = new Map<string, DeclaredSetting>();

  /** Checks a module's declarations (all or nothing); returns them ready for {@link add}. */
  check(module: string, specs: readonly SettingSpec[]): DeclaredSetting[] {
    const out: DeclaredSetting[] = [];
    for (const spec of specs) {
      if (!/^[a-z][A-Za-z0-9]*$/.test(spec.key)) throw new RegistrationError(`setting "${spec.key}" of module "${module}" must be a camelCase name (letters and digits)`);
      const fullKey = `${module}.${spec.key}`;
      if (this.byKey.has(fullKey) || out.some((s) => s.fullKey === fullKey)) throw new DuplicateRegistrationError(`setting "${fullKey}" is declared twice`);
      if (typeof spec.schema !== 'object' || spec.schema === null) throw new RegistrationError(`setting "${fullKey}" has no schema; add \`schema\` (TypeBox)`);
      if (!spec.description.trim() || spec.description.includes('\n')) throw new RegistrationError(`setting "${fullKey}" needs a one-line description`);
      out.push({ ...spec, module, fullKey });
    }
    return out;
  }

  add(settings: readonly DeclaredSetting[]): void {
    for (const s of settings) this.byKey.set(s.fullKey, s);
  }

  /** Every declared setting, by key. */
  list(): DeclaredSetting[] {
    return [...this.byKey.values()].sort((a, b) => a.fullKey.localeCompare(b.fullKey));
  }

  get(fullKey: string): DeclaredSetting | undefined {
    return this.byKey.get(fullKey);
  }

  /** The declared setting, or an {@link UnknownSettingError} naming the nearest declared key. */
  resolve(fullKey: string): DeclaredSetting {
    const s = this.byKey.get(fullKey);
    if (!s) throw new UnknownSettingError(fullKey, nearestName(fullKey, [...this.byKey.keys()]));
    return s;
  }

  /** Throws unless `value` is a valid value of the declared setting `fullKey`. */
  validate(fullKey: string, value: unknown): DeclaredSetting {
    const s = this.resolve(fullKey);
    const problem = validateWithSchema(s.schema, value);
    if (problem) throw new InvalidSettingValueError(fullKey, problem, s);
    return s;
  }
}
