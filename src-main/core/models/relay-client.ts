/**
 * The gateway's half of a node relay: invokes `hearth.models.relay` on the node and turns its
 * progress pieces back into an HTTP response. The first piece is the head; a head that warrants
 * failover (5xx, 404, 429) cancels the run so the next endpoint can be tried, since nothing has
 * reached the client yet. Each later piece is acknowledged only once the client's socket has
 * drained, which holds the node (and its model server) back: bounded buffering end to end.
 */
import type { ServerResponse } from 'node:http';
import type { ModuleContext } from '../modules/types.ts';
import { RELAY_COMMAND } from './inventory.ts';
import { responseHeaders, shouldFailOver, UpstreamError } from './upstream.ts';

export interface RelayTry {
  nodeId: string;
  url: string;
  path: string;
  method: 'GET' | 'POST';
  body: string;
  accept?: string;
  firstByteTimeoutMs: number;
  /** False on the last candidate: its error answer is passed to the client as is. */
  canFailOver: boolean;
  extraHeaders: Record<string, string>;
}

function waitDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/** Resolves once the response is complete; rejects with UpstreamError when failover is possible. */
export function relayThroughNode(ctx: ModuleContext, t: RelayTry, res: ServerResponse): Promise<void> {
  const abort = new AbortController();
  const onClientGone = () => abort.abort();
  res.once('close', onClientGone);
  let head: { status: number; headers: Record<string, string | string[]> } | undefined;
  let failover: UpstreamError | undefined;
  const params: Record<string, unknown> = { url: t.url, path: t.path, method: t.method, body: t.body, firstByteTimeoutMs: t.firstByteTimeoutMs };
  if (t.accept) params['headers'] = { accept: t.accept };
  const onProgress = async (chunk: string, seq: number): Promise<void> => {
    if (failover) return;
    if (head === undefined) {
      if (seq !== 0) return;
      try {
        head = JSON.parse(chunk) as { status: number; headers: Record<string, string | string[]> };
      } catch {
        failover = new UpstreamError('error', 'the node sent an unreadable response head');
        abort.abort();
        return;
      }
      if (shouldFailOver(head.status) && t.canFailOver) {
        failover = new UpstreamError('error', `HTTP ${head.status}`);
        abort.abort();
        return;
      }
      const headers = responseHeaders(head.headers as never);
      // The node decoded the body to text; the length it announced may not hold after that.
      delete headers['content-length'];
      res.writeHead(head.status, { ...headers, ...t.extraHeaders });
      res.flushHeaders();
      return;
    }
    if (res.destroyed) return;
    if (!res.write(chunk)) await waitDrain(res);
  };
  return ctx.invokeNode(t.nodeId, RELAY_COMMAND, params, 30 * 60_000, { onProgress, signal: abort.signal }).then(
    () => {
      res.off('close', onClientGone);
      if (failover) throw failover;
      if (!head) throw new UpstreamError('error', 'the node finished without a response head');
      res.end();
    },
    (err: Error) => {
      res.off('close', onClientGone);
      if (failover) throw failover;
      if (!head) throw new UpstreamError(/TIMEOUT/.test(err.message) ? 'timeout' : 'refused', err.message);
      // Mid-answer: nothing to fail over to; end a stream with an error event, cut anything else.
      const type = String(head.headers['content-type'] ?? '');
      if (type.includes('event-stream') && !res.destroyed) {
        res.end(`data: ${JSON.stringify({ error: { message: `the relay broke off: ${err.message}`, type: 'server_error', param: null, code: null } })}\n\n`);
      } else res.destroy();
    },
  );
}
