/**
 * Collects feature modules and everything they register, refusing duplicate names (a method,
 * event, route, setting or alert source registered twice is a bug that would otherwise shadow
 * silently), then starts them in registration order and stops them in reverse. The core modules
 * are registered like any other, first (modules/catalog.ts).
 */
import type { Audience } from '../gateway/broadcaster.ts';
import { isEventName, isMethodName } from '../../../src-shared/protocol/contract/index.ts';
import type { MethodSpec } from '../gateway/services.ts';
import type { FeatureModule, HttpRoute, ModuleContext, ModuleHealth } from './types.ts';

import { AlertSourceRegistry } from './alert-source-registry.ts';
import { DuplicateRegistrationError, RegistrationError } from './registration-errors.ts';
import { SettingsRegistry } from './settings-registry.ts';

export { DuplicateRegistrationError, RegistrationError } from './registration-errors.ts';

export class ModuleRegistry {
  readonly modules: FeatureModule[] = [];
  readonly methods: Record<string, MethodSpec> = {};
  readonly events: Record<string, Audience> = {};
  readonly routes: { module: string; route: HttpRoute }[] = [];
  readonly settings = new SettingsRegistry();
  readonly alertSources = new AlertSourceRegistry();
  private readonly started: FeatureModule[] = [];

  register(mod: FeatureModule): void {
    if (!/^[a-z][a-z0-9-]*$/.test(mod.name)) throw new DuplicateRegistrationError(`module name "${mod.name}" must be lower-case letters, digits and dashes`);
    if (this.modules.some((m) => m.name === mod.name)) throw new DuplicateRegistrationError(`module "${mod.name}" is registered twice`);
    for (const [name, spec] of Object.entries(mod.methods ?? {})) {
      if (Object.hasOwn(this.methods, name)) throw new DuplicateRegistrationError(`method "${name}" of module "${mod.name}" is already registered`);
      // Params are checked at the trust boundary against the contract's schema: a method outside
      // the contract would have nothing to check them against.
      if (!isMethodName(name)) throw new RegistrationError(`method "${name}" of module "${mod.name}" has no contract entry; add its params and result to src-shared/protocol/contract/ and register it with defineMethods`);
      if (spec.contract !== name) throw new RegistrationError(`method "${name}" of module "${mod.name}" is defined as "${String(spec.contract)}"; register it with defineMethods({ '${name}': … })`);
    }
    for (const name of Object.keys(mod.events ?? {})) {
      if (Object.hasOwn(this.events, name)) throw new DuplicateRegistrationError(`event "${name}" of module "${mod.name}" is already registered`);
      // Clients check every payload against the contract; an event outside it would reach them unchecked.
      if (!isEventName(name)) throw new RegistrationError(`event "${name}" of module "${mod.name}" has no payload in the contract; add it to src-shared/protocol/contract/events.ts`);
    }
    for (const r of mod.routes ?? []) {
      if (this.routes.some((x) => x.route.path === r.path)) throw new DuplicateRegistrationError(`route "${r.path}" of module "${mod.name}" is already registered`);
    }
    // Checked before anything is kept, so a refused module leaves no half-registration behind.
    const settings = this.settings.check(mod.name, mod.settings ?? []);
    const sources = this.alertSources.check(mod.name, mod.alertSources ?? []);
    this.modules.push(mod);
    this.settings.add(settings);
    this.alertSources.add(sources);
    Object.assign(this.methods, mod.methods ?? {});
    Object.assign(this.events, mod.events ?? {});
    for (const route of mod.routes ?? []) this.routes.push({ module: mod.name, route });
  }

  /** The route serving `path`, exact match first, then the longest prefix. */
  route(path: string): HttpRoute | undefined {
    let best: HttpRoute | undefined;
    let bestLen = -1;
    for (const { route } of this.routes) {
      if (route.path === path) return route;
      const prefix = route.path.endsWith('*') ? route.path.slice(0, -1) : route.path.endsWith('/') ? route.path : undefined;
      if (prefix !== undefined && path.startsWith(prefix) && prefix.length > bestLen) {
        best = route;
        bestLen = prefix.length;
      }
    }
    return best;
  }

  /** Starts every module; one that fails to start is logged and skipped, never fatal. */
  async startAll(contextFor: (mod: FeatureModule) => ModuleContext): Promise<void> {
    for (const mod of this.modules) {
      const ctx = contextFor(mod);
      try {
        await mod.start?.(ctx);
        this.started.push(mod);
      } catch (err) {
        ctx.log.error(`module ${mod.name} failed to start; it stays off until the next restart`, { error: (err as Error).stack ?? String(err) });
      }
    }
  }

  async stopAll(log: { warn(msg: string, f?: Record<string, unknown>): void }): Promise<void> {
    for (const mod of [...this.started].reverse()) {
      try {
        await mod.stop?.();
      } catch (err) {
        log.warn(`module ${mod.name} did not stop cleanly`, { error: (err as Error).message });
      }
    }
    this.started.length = 0;
  }

  /** Health of every module that reports one; a throwing reporter reads as `down`. */
  health(): Record<string, ModuleHealth> {
    const out: Record<string, ModuleHealth> = {};
    for (const mod of this.modules) {
      if (!mod.health) continue;
      try {
        out[mod.name] = mod.health();
      } catch (err) {
        out[mod.name] = { state: 'down', summary: `health report failed: ${(err as Error).message}` };
      }
    }
    return out;
  }
}
