/** Pending device pairing requests and pending node command-surface requests. */
import type { PendingDeviceRequest, PendingNodeRequest } from '../../../src-shared/protocol/types.ts';
import type { Db } from './db.ts';
import { parseJson } from './json.ts';

interface RawRequest { request_id: string; body: string; created_at_ms: number; expires_at_ms?: number }

export function createPairingRequestRepo(db: Db) {
  const devGetById = db.prepare<[string], RawRequest>('SELECT * FROM device_pairing_requests WHERE request_id = ?');
  const devGetByDevice = db.prepare<[string], RawRequest>('SELECT * FROM device_pairing_requests WHERE device_id = ?');
  const devAll = db.prepare<[number], RawRequest>('SELECT * FROM device_pairing_requests WHERE expires_at_ms > ? ORDER BY created_at_ms');
  const devPut = db.prepare(`INSERT INTO device_pairing_requests (request_id, device_id, body, created_at_ms, expires_at_ms)
    VALUES (@requestId, @deviceId, @body, @createdAtMs, @expiresAtMs)
    ON CONFLICT(request_id) DO UPDATE SET body = excluded.body, expires_at_ms = excluded.expires_at_ms`);
  const devDel = db.prepare<[string]>('DELETE FROM device_pairing_requests WHERE request_id = ?');
  const devDelByDevice = db.prepare<[string]>('DELETE FROM device_pairing_requests WHERE device_id = ?');
  const devExpired = db.prepare<[number], RawRequest>('SELECT * FROM device_pairing_requests WHERE expires_at_ms <= ?');
  const nodeGetById = db.prepare<[string], RawRequest>('SELECT * FROM node_pairing_requests WHERE request_id = ?');
  const nodeGetByNode = db.prepare<[string], RawRequest>('SELECT * FROM node_pairing_requests WHERE node_id = ?');
  const nodeAll = db.prepare<[], RawRequest>('SELECT * FROM node_pairing_requests ORDER BY created_at_ms');
  const nodePut = db.prepare(`INSERT INTO node_pairing_requests (request_id, node_id, body, created_at_ms)
    VALUES (@requestId, @nodeId, @body, @createdAtMs)
    ON CONFLICT(node_id) DO UPDATE SET request_id = excluded.request_id, body = excluded.body, created_at_ms = excluded.created_at_ms`);
  const nodeDel = db.prepare<[string]>('DELETE FROM node_pairing_requests WHERE request_id = ?');
  const nodeDelByNode = db.prepare<[string]>('DELETE FROM node_pairing_requests WHERE node_id = ?');

  const dev = (r: RawRequest | undefined) => (r ? parseJson<PendingDeviceRequest | undefined>(r.body, undefined) : undefined);
  const node = (r: RawRequest | undefined) => (r ? parseJson<PendingNodeRequest | undefined>(r.body, undefined) : undefined);

  return {
    device: {
      byId: (requestId: string) => dev(devGetById.get(requestId)),
      byDevice: (deviceId: string) => dev(devGetByDevice.get(deviceId)),
      list: (nowMs: number) => devAll.all(nowMs).map((r) => dev(r)).filter((r): r is PendingDeviceRequest => r !== undefined),
      put(req: PendingDeviceRequest, expiresAtMs: number): void {
        // One request per device: a superseding request replaces the old row.
        devDelByDevice.run(req.deviceId);
        devPut.run({ requestId: req.requestId, deviceId: req.deviceId, body: JSON.stringify(req), createdAtMs: req.ts, expiresAtMs });
      },
      refresh(req: PendingDeviceRequest, expiresAtMs: number): void {
        devPut.run({ requestId: req.requestId, deviceId: req.deviceId, body: JSON.stringify(req), createdAtMs: req.ts, expiresAtMs });
      },
      remove: (requestId: string) => devDel.run(requestId).changes > 0,
      removeForDevice: (deviceId: string) => devDelByDevice.run(deviceId).changes > 0,
      /** Deletes and returns requests whose 5-minute window has passed. */
      takeExpired(nowMs: number): PendingDeviceRequest[] {
        const rows = devExpired.all(nowMs).map((r) => dev(r)).filter((r): r is PendingDeviceRequest => r !== undefined);
        for (const r of rows) devDel.run(r.requestId);
        return rows;
      },
    },
    node: {
      byId: (requestId: string) => node(nodeGetById.get(requestId)),
      byNode: (nodeId: string) => node(nodeGetByNode.get(nodeId)),
      list: () => nodeAll.all().map((r) => node(r)).filter((r): r is PendingNodeRequest => r !== undefined),
      put(req: PendingNodeRequest): void {
        nodePut.run({ requestId: req.requestId, nodeId: req.nodeId, body: JSON.stringify(req), createdAtMs: req.ts });
      },
      remove: (requestId: string) => nodeDel.run(requestId).changes > 0,
      removeForNode: (nodeId: string) => nodeDelByNode.run(nodeId).changes > 0,
    },
  };
}
export type PairingRequestRepo = ReturnType<typeof createPairingRequestRepo>;
