/** The node agent's status when its loop itself failed; the desktop window translates it (agent-status-text.ts). */
export function internalErrorText(cause: string): string {
  return `Internal error: ${cause}`;
}
