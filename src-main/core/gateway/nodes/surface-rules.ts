/** Pure rules of node command surfaces (SPEC §7): what is stored, what needs approval, who may approve. */
import { ADMIN_APPROVE_COMMANDS, WITHHELD_COMMAND_PREFIXES } from '../../../../src-shared/protocol/constants.ts';

/** Drops the commands the gateway never stores (`dir.*`, `file.*`, `workspace.*`). */
export function storableCommands(declared: readonly string[]): string[] {
  return [...new Set(declared.filter((c) => !WITHHELD_COMMAND_PREFIXES.some((p) => c.startsWith(p))))].sort();
}

/** True when every declared command is already approved. */
export function surfaceCovered(declared: readonly string[], approved: readonly string[] | undefined): boolean {
  if (!approved) return false;
  return declared.every((c) => approved.includes(c));
}

/** The commands a node may be invoked with: declared now AND approved. */
export function effectiveCommands(declared: readonly string[], approved: readonly string[] | undefined): string[] {
  if (!approved) return [];
  return declared.filter((c) => approved.includes(c));
}

/** Scopes an operator needs to approve a surface with these commands. */
export function requiredApproveScopes(commands: readonly string[]): string[] {
  if (commands.length === 0) return ['operator.pairing'];
  if (commands.some((c) => ADMIN_APPROVE_COMMANDS.has(c))) return ['operator.pairing', 'operator.admin'];
  return ['operator.pairing', 'operator.write'];
}

/** A stable key for a declared surface, to recognise the same one again. */
export function surfaceKey(caps: readonly string[], commands: readonly string[]): string {
  return JSON.stringify([[...caps].sort(), [...commands].sort()]);
}

/** Display form of an argv, used for `rawCommand` checks and the audit log. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_/.:=@%+,-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}
