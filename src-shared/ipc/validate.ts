/**
 * Runtime checks of IPC params, one per invoke channel. A window runs web content, so whatever
 * it sends is untrusted input: main validates before a handler sees it (DESIGN: validate at every
 * trust boundary). Hand-written because the shapes are tiny and the errors should name the field.
 */
import { UI_LANGUAGES, type UiLanguage } from '../i18n/pick-language.ts';
import type { IpcInvokeChannel, IpcParams } from './contract.ts';
import type { WizardEvent } from './types.ts';

export type Validation<T> = { ok: true; value: T } | { ok: false; error: string };

type Validator<C extends IpcInvokeChannel> = (raw: unknown) => Validation<IpcParams<C>>;

const MAX_TEXT = 4096;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ok = <T>(value: T): Validation<T> => ({ ok: true, value });
const fail = <T>(error: string): Validation<T> => ({ ok: false, error });

const none = <C extends IpcInvokeChannel>(channel: C): Validator<C> => (raw) =>
  raw === null || raw === undefined ? ok(null as IpcParams<C>) : fail(`${channel} takes no params`);

function onlyKeys(o: Record<string, unknown>, allowed: string[]): string | undefined {
  return Object.keys(o).find((k) => !allowed.includes(k));
}

function str(v: unknown, max = MAX_TEXT): v is string {
  return typeof v === 'string' && v.length <= max;
}

const ROLES = ['gateway', 'node'];
const BINDS = ['loopback', 'lan', 'tailnet'];
const SECURITY = ['deny', 'allowlist', 'ask', 'full'];

/** Validates a wizard event sent by a window; internal events (agent status, gateway started) are refused. */
export function validateWizardEvent(raw: unknown): Validation<WizardEvent> {
  if (!isObj(raw) || typeof raw['type'] !== 'string') return fail('wizard event must be an object with a type');
  const t = raw['type'];
  const extra = (keys: string[]) => onlyKeys(raw, ['type', ...keys]);
  const check = (keys: string[], good: boolean, what: string): Validation<WizardEvent> => {
    const bad = extra(keys);
    if (bad !== undefined) return fail(`wizard event ${t}: unexpected property '${bad}'`);
    return good ? ok(raw as unknown as WizardEvent) : fail(`wizard event ${t}: ${what}`);
  };
  switch (t) {
    case 'choose-role':
      return check(['role'], ROLES.includes(raw['role'] as string), 'role must be gateway or node');
    case 'gateway-submit': {
      const port = raw['port'];
      const good = Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535 && BINDS.includes(raw['bind'] as string) && str(raw['publicUrl'], 2048);
      return check(['port', 'bind', 'publicUrl'], good, 'needs port 1–65535, bind loopback|lan|tailnet and publicUrl string');
    }
    case 'input-changed':
      return check(['input'], str(raw['input']), 'input must be a string');
    case 'select-gateway':
      return check(['url'], str(raw['url'], 2048), 'url must be a string');
    case 'submit-code':
      return check(['code'], str(raw['code']), 'code must be a string');
    case 'back': case 'token-copied': case 'token-acknowledged': case 'refresh-code': case 'finish':
    case 'submit-input': case 'wait-for-approval': case 'retry':
      return check([], true, '');
    default:
      return fail(`unknown wizard event '${t}'`);
  }
}

const validators: { [C in IpcInvokeChannel]: Validator<C> } = {
  'hearth:bootstrap': none('hearth:bootstrap'),
  'hearth:node-status': none('hearth:node-status'),
  'hearth:wizard-state': none('hearth:wizard-state'),
  'hearth:prefs-get': none('hearth:prefs-get'),
  'hearth:update-check': none('hearth:update-check'),
  'hearth:node-pair-again': none('hearth:node-pair-again'),
  'hearth:set-exec-policy': (raw) => {
    if (!isObj(raw)) return fail('exec policy must be an object');
    const bad = onlyKeys(raw, ['security', 'allowlist']);
    if (bad) return fail(`exec policy: unexpected property '${bad}'`);
    if (!SECURITY.includes(raw['security'] as string)) return fail('exec policy: security must be deny, allowlist or full');
    const list = raw['allowlist'];
    if (!Array.isArray(list) || list.length > 500 || !list.every((e) => str(e, 1024) && e.trim() !== '')) {
      return fail('exec policy: allowlist must be a list of at most 500 non-empty strings');
    }
    return ok({ security: raw['security'] as IpcParams<'hearth:set-exec-policy'>['security'], allowlist: list.map((e: string) => e.trim()) });
  },
  'hearth:node-pause': (raw) =>
    isObj(raw) && typeof raw['paused'] === 'boolean' && !onlyKeys(raw, ['paused']) ? ok({ paused: raw['paused'] }) : fail('node-pause needs { paused: boolean }'),
  'hearth:wizard-send': (raw) => validateWizardEvent(raw),
  'hearth:role-switch-plan': (raw) => roleParam(raw),
  'hearth:role-switch-confirm': (raw) => roleParam(raw),
  'hearth:prefs-set': (raw) => {
    if (!isObj(raw)) return fail('prefs must be an object');
    const bad = onlyKeys(raw, ['launchAtLogin', 'updateChannel', 'language']);
    if (bad) return fail(`prefs: unexpected property '${bad}'`);
    if (raw['launchAtLogin'] !== undefined && typeof raw['launchAtLogin'] !== 'boolean') return fail('prefs: launchAtLogin must be true or false');
    if (raw['updateChannel'] !== undefined && raw['updateChannel'] !== 'stable' && raw['updateChannel'] !== 'beta') return fail('prefs: updateChannel must be stable or beta');
    if (raw['language'] !== undefined && raw['language'] !== null && !UI_LANGUAGES.includes(raw['language'] as UiLanguage)) return fail(`prefs: language must be one of ${UI_LANGUAGES.join(', ')} (or null for the system's)`);
    return ok(raw as IpcParams<'hearth:prefs-set'>);
  },
  'hearth:copy-text': (raw) =>
    isObj(raw) && str(raw['text']) && !onlyKeys(raw, ['text']) ? ok({ text: raw['text'] }) : fail('copy-text needs { text: string } (at most 4096 chars)'),
};

function roleParam(raw: unknown): Validation<{ to: 'gateway' | 'node' }> {
  return isObj(raw) && ROLES.includes(raw['to'] as string) && !onlyKeys(raw, ['to']) ? ok({ to: raw['to'] as 'gateway' | 'node' }) : fail('needs { to: "gateway" | "node" }');
}

/** Validates the params of one invoke channel; unknown channels are refused. */
export function validateIpcParams<C extends IpcInvokeChannel>(channel: C, raw: unknown): Validation<IpcParams<C>> {
  const v = (validators as unknown as Record<string, Validator<C> | undefined>)[channel];
  if (!v) return fail(`unknown IPC channel '${String(channel)}'`);
  return v(raw);
}

/** True for a channel name the contract defines. */
export function isIpcInvokeChannel(name: unknown): name is IpcInvokeChannel {
  return typeof name === 'string' && Object.hasOwn(validators, name);
}
