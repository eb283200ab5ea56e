/**
 * Every Chinese template, in the order they are tried: the first whose shape matches decides, so a
 * catch-all (a bare errno line, "…; retrying in 5 s") comes after the sentences it could swallow.
 */
import { ALERT_RULES } from './alerts.ts';
import { APPROVAL_RULES } from './approvals.ts';
import { CLIENT_ERROR_RULES } from './client-errors.ts';
import { CONFIG_RELOAD_RULES } from './config-reload.ts';
import { CONTRACT_ERROR_RULES } from './contract-errors.ts';
import { MODEL_RULES } from './models.ts';
import { REMOTE_ACCESS_RULES } from './remote-access.ts';
import type { Rule } from './rule.ts';
import { RUN_ENDING_RULES } from './run-endings.ts';
import { SIGN_IN_RULES } from './sign-in.ts';
import { STORAGE_RULES } from './storage.ts';
import { TELEGRAM_RULES } from './telegram.ts';
import { WAKE_RULES } from './wake.ts';

export const ZH_RULES: readonly Rule[] = [
  ...ALERT_RULES,
  ...STORAGE_RULES,
  ...MODEL_RULES,
  ...CONFIG_RELOAD_RULES,
  ...TELEGRAM_RULES,
  ...WAKE_RULES,
  ...REMOTE_ACCESS_RULES,
  ...RUN_ENDING_RULES,
  ...APPROVAL_RULES,
  ...SIGN_IN_RULES,
  ...CONTRACT_ERROR_RULES,
  // Last: it ends in the bare errno line that would take any "E…: …" sentence above.
  ...CLIENT_ERROR_RULES,
];
