/** Paired devices with rename, rotate / revoke per role token, and remove. */
import { useEffect, useState } from 'react';
import { shortFingerprint } from '../../src-shared/protocol/device-auth.ts';
import type { PairedDevice } from '../../src-shared/protocol/types.ts';
import { useApp, useSlice, useT } from '../app/context.tsx';
import { formatAgo } from '../lib/format.ts';
import { useNow } from '../lib/use-now.ts';
import { deviceAction, loadDevices } from '../state/settings-store.ts';
import { roleText } from './run-error-text.ts';

function DeviceRow({ device, self, now }: { device: PairedDevice; self: boolean; now: number }) {
  const t = useT();
  const { stores, client } = useApp();
  const busy = useSlice((s) => s.settings, (s) => s.busy[device.deviceId]);
  const [editing, setEditing] = useState(false);
  const name = device.label ?? device.displayName ?? device.deviceId.slice(0, 8);
  const [label, setLabel] = useState(name);
  const act = (a: Parameters<typeof deviceAction>[3], confirmText?: string) => {
    if (confirmText && !window.confirm(confirmText)) return;
    void deviceAction(stores.settings, client, device.deviceId, a).then((ok) => ok && setEditing(false));
  };
  const roles = device.tokens.length > 0 ? device.tokens.filter((tk) => !tk.revokedAtMs).map((tk) => tk.role) : device.roles;
  return (
    <li className="device" data-testid="device-row">
      <div className="row-between">
        <div>
          <div className="strong">{name}{self && <span className="pill pill-ok small-pill">{t('devices.thisBrowser')}</span>}</div>
          <div className="muted tiny">
            {shortFingerprint(device.deviceId)} · {device.roles.map((r) => roleText(t, r)).join(', ')} · {device.platform ?? '?'} · {device.connected ? t('node.online') : formatAgo(t, device.lastSeenAtMs, now)}
          </div>
        </div>
      </div>
      {editing ? (
        <form className="field-row" onSubmit={(e) => { e.preventDefault(); if (label.trim()) act({ type: 'rename', label: label.trim().slice(0, 64) }); }}>
          <input value={label} maxLength={64} onChange={(e) => setLabel(e.target.value)} aria-label={t('devices.label')} className="grow" />
          <button type="submit" className="btn btn-small btn-primary" disabled={!!busy}>{t('common.save')}</button>
          <button type="button" className="btn btn-small" onClick={() => setEditing(false)}>{t('common.cancel')}</button>
        </form>
      ) : (
        <div className="actions wrap-gap">
          <button type="button" className="btn btn-small" disabled={!!busy} onClick={() => setEditing(true)}>{t('devices.rename')}</button>
          {roles.map((role) => (
            <span key={role} className="action-group">
              <button type="button" className="btn btn-small" disabled={!!busy} onClick={() => act({ type: 'rotate', role }, t('devices.confirmRotate', { role: roleText(t, role) }))}>{t('devices.rotate', { role: roleText(t, role) })}</button>
              <button type="button" className="btn btn-small btn-danger-soft" disabled={!!busy} onClick={() => act({ type: 'revoke', role }, t('devices.confirmRevoke', { role: roleText(t, role) }))}>{t('devices.revoke', { role: roleText(t, role) })}</button>
            </span>
          ))}
          <button type="button" className="btn btn-small btn-danger" disabled={!!busy} onClick={() => act({ type: 'remove' }, t('devices.confirmRemove', { name }))}>{t('devices.remove')}</button>
        </div>
      )}
    </li>
  );
}

export function DeviceList() {
  const t = useT();
  const { stores, client } = useApp();
  const devices = useSlice((s) => s.settings, (s) => s.devices);
  const loaded = useSlice((s) => s.settings, (s) => s.devicesLoaded);
  const selfId = useSlice((s) => s.connection, (s) => s.deviceId);
  const connected = useSlice((s) => s.connection, (s) => s.state.status === 'connected');
  const now = useNow(10_000);
  useEffect(() => {
    if (connected) void loadDevices(stores.settings, client);
  }, [connected, stores.settings, client]);
  return (
    <section className="card stack" data-testid="devices">
      <h2>{t('devices.title')}</h2>
      {!loaded && <p className="muted small">{t('common.loading')}</p>}
      {loaded && devices.length === 0 && <p className="muted small">{t('devices.empty')}</p>}
      <ul className="devices">
        {devices.map((d) => <DeviceRow key={d.deviceId} device={d} self={d.deviceId === selfId} now={now} />)}
      </ul>
    </section>
  );
}
