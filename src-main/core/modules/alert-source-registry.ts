/**
 * The alert sources modules declare: the key prefix their alerts carry, the most severe level
 * they raise and a one-line description. Prefixes must not overlap (`storage.` and
 * `storage.usage:` would make an alert's owner ambiguous), so every alert key names one source.
 */
import type { AlertSeverity } from '../../../src-shared/protocol/alerts.ts';
import { DuplicateRegistrationError, RegistrationError } from './registration-errors.ts';

export interface AlertSourceSpec {
  /** Start of every key this source raises (`node.offline:`); a whole key for a one-off alert. */
  prefix: string;
  /** The most severe level it raises. */
  severity: AlertSeverity;
  /** One line: when it opens and when it clears. */
  description: string;
}

export interface DeclaredAlertSource extends AlertSourceSpec {
  module: string;
}

const SEVERITIES: readonly AlertSeverity[] = ['info', 'warning', 'critical'];

export class AlertSourceRegistry {
  private readonly sources: DeclaredAlertSource[] = [];

  /** Checks a module's declarations (all or nothing) against those already registered. */
  check(module: string, specs: readonly AlertSourceSpec[]): DeclaredAlertSource[] {
    const out: DeclaredAlertSource[] = [];
    for (const spec of specs) {
      if (!spec.prefix) throw new RegistrationError(`an alert source of module "${module}" has an empty key prefix`);
      if (!SEVERITIES.includes(spec.severity)) throw new RegistrationError(`alert source "${spec.prefix}" of module "${module}": severity must be one of ${SEVERITIES.join(', ')}`);
      if (!spec.description.trim() || spec.description.includes('\n')) throw new RegistrationError(`alert source "${spec.prefix}" of module "${module}" needs a one-line description`);
      const clash = [...this.sources, ...out].find((s) => s.prefix.startsWith(spec.prefix) || spec.prefix.startsWith(s.prefix));
      if (clash) {
        const how = clash.prefix === spec.prefix ? 'is already declared' : `overlaps "${clash.prefix}"`;
        throw new DuplicateRegistrationError(`alert source "${spec.prefix}" of module "${module}" ${how} by module "${clash.module}"`);
      }
      out.push({ ...spec, module });
    }
    return out;
  }

  add(sources: readonly DeclaredAlertSource[]): void {
    this.sources.push(...sources);
  }

  list(): DeclaredAlertSource[] {
    return [...this.sources].sort((a, b) => a.prefix.localeCompare(b.prefix));
  }

  /** The source whose prefix the key starts with (at most one: prefixes never overlap). */
  sourceOf(key: string): DeclaredAlertSource | undefined {
    return this.sources.find((s) => key.startsWith(s.prefix));
  }
}
