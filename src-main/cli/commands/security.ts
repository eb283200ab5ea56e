/** `hearth security audit [--json] [--fix] [--yes]`: findings with severity and fix; exit 1 while a critical one stands. */
import { createInterface } from 'node:readline/promises';
import { applyFix, runAudit, type Finding } from '../../core/ops/security-audit.ts';
import { loadConfig, stateDirFrom } from '../common.ts';
import { out } from '../io.ts';

type Opts = Record<string, unknown>;

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

const LABEL: Record<Finding['severity'], string> = { critical: 'CRITICAL', warning: 'warning ', info: 'info    ' };

export async function securityAuditCommand(o: Opts): Promise<number> {
  const stateDir = stateDirFrom(o);
  const audit = () => runAudit({ stateDir, config: loadConfig(stateDir).config, env: process.env, ...(typeof process.getuid === 'function' ? { uid: process.getuid() } : {}) });
  let findings = audit();
  const applied: string[] = [];
  const skipped: string[] = [];
  if (o['fix']) {
    for (const f of findings) {
      if (!f.autoFix) continue;
      if (f.autoFix.kind === 'remove-device' && !(o['yes'] === true || (await confirm(`Remove ${f.title.replace(/ has not been seen.*/, '')}?`)))) {
        skipped.push(`${f.title}: not removed (pass --yes to remove without asking)`);
        continue;
      }
      applied.push(applyFix(stateDir, f));
    }
    findings = audit();
  }
  const critical = findings.filter((f) => f.severity === 'critical').length;
  if (o['json']) {
    await out(JSON.stringify({ stateDir, findings, applied, skipped, critical }, null, 2));
    return critical > 0 ? 1 : 0;
  }
  const lines: string[] = [];
  for (const a of applied) lines.push(`fixed: ${a}`);
  for (const s of skipped) lines.push(`skipped: ${s}`);
  if (findings.length === 0) lines.push(`No findings for ${stateDir}.`);
  for (const f of findings) lines.push(`${LABEL[f.severity]} ${f.title}`, `         ${f.detail}`, `         fix: ${f.fix}`);
  const fixable = findings.filter((f) => f.autoFix).length;
  if (findings.length) lines.push('', `${findings.length} finding(s), ${critical} critical${fixable && !o['fix'] ? `; \`hearth security audit --fix\` applies ${fixable} safe fix(es)` : ''}.`);
  await out(...lines);
  return critical > 0 ? 1 : 0;
}
