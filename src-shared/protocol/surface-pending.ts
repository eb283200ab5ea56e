/**
 * The refusal a node hears while its new commands wait for approval (node.runnerInventory.update),
 * and how the node agent says it in its status. Kept in one place: the gateway and the agent
 * write them, and the desktop window's translation (src-renderer/desktop/agent-status-text.ts)
 * recognises them by these very sentences.
 */
export const COMMANDS_AWAITING_APPROVAL = 'this node\'s new commands are waiting for approval; on the gateway machine run `hearth nodes approve --latest` (or `openclaw nodes approve <id>`)';

/** The node agent's status while the gateway holds its commands back (`message`: the gateway's words). */
export function commandsPendingStatus(message: string): string {
  return `Connected; the gateway has not approved this node's commands yet: ${message}`;
}
