/** Adds a mount or edits one: path, machine, name, kind, thresholds and the server to check. */
import { useState, type FormEvent } from 'react';
import { useApp, useSlice, useT } from '../app/context.tsx';
import type { MountStatus, StorageKind } from '../../src-shared/storage/types.ts';
import { errorText } from '../state/invoker.ts';
import { GatewayText } from './GatewayText.tsx';
import { addStorage, updateStorage } from '../state/storage-store.ts';

export function MountForm({ initial, onDone }: { initial: MountStatus | undefined; onDone: () => void }) {
  const t = useT();
  const { client, stores } = useApp();
  const nodes = useSlice((s) => s.nodes, (s) => s.nodes);
  const [path, setPath] = useState(initial?.path ?? '');
  const [node, setNode] = useState(initial?.nodeId ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [kind, setKind] = useState<StorageKind>(initial?.kind ?? 'smb');
  const [warn, setWarn] = useState(String(initial?.warn ?? 80));
  const [crit, setCrit] = useState(String(initial?.crit ?? 90));
  const [server, setServer] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const thresholdsBad = !(Number(warn) < Number(crit));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (thresholdsBad) return setError(t('storage.form.thresholds'));
    setBusy(true);
    setError(undefined);
    try {
      const form = { path: path.trim(), kind, warn: Number(warn), crit: Number(crit), ...(name.trim() ? { name: name.trim() } : {}), ...(server.trim() ? { server: server.trim() } : {}) };
      if (initial) await updateStorage(stores.storage, client, initial.name, form);
      else await addStorage(stores.storage, client, { ...form, ...(node ? { node } : {}) });
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} data-testid="storage-form">
      <div className="strong">{initial ? t('storage.form.editTitle', { name: initial.name }) : t('storage.form.addTitle')}</div>
      <label className="field">
        {t('storage.form.machine')}
        <select value={node} disabled={!!initial} onChange={(e) => setNode(e.target.value)} data-testid="storage-form-node">
          <option value="">{t('storage.form.gateway')}</option>
          {nodes.map((n) => <option key={n.nodeId} value={n.nodeId}>{n.displayName ?? n.nodeId.slice(0, 12)}</option>)}
        </select>
      </label>
      <label className="field">
        {t('storage.form.path')}
        <input required value={path} onChange={(e) => setPath(e.target.value)} placeholder="/mnt/nas" autoCapitalize="off" autoCorrect="off" spellCheck={false} data-testid="storage-form-path" />
        <span className="tiny">{t('storage.form.pathHelp')}</span>
      </label>
      <div className="field-row">
        <label className="field grow">
          {t('storage.form.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('storage.form.namePlaceholder')} maxLength={64} data-testid="storage-form-name" />
        </label>
        <label className="field">
          {t('storage.form.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as StorageKind)} data-testid="storage-form-kind">
            <option value="smb">SMB / CIFS</option>
            <option value="nfs">NFS</option>
            <option value="any">{t('storage.form.kindAny')}</option>
          </select>
        </label>
      </div>
      <div className="field-row">
        <label className="field grow">
          {t('storage.form.warn')}
          <input type="number" min={1} max={100} value={warn} onChange={(e) => setWarn(e.target.value)} data-testid="storage-form-warn" />
        </label>
        <label className="field grow">
          {t('storage.form.crit')}
          <input type="number" min={1} max={100} value={crit} onChange={(e) => setCrit(e.target.value)} data-testid="storage-form-crit" />
        </label>
      </div>
      <label className="field">
        {t('storage.form.server')}
        <input value={server} onChange={(e) => setServer(e.target.value)} placeholder="nas.local" autoCapitalize="off" spellCheck={false} />
        <span className="tiny">{t('storage.form.serverHelp')}</span>
      </label>
      {thresholdsBad && <div className="err-text small">{t('storage.form.thresholds')}</div>}
      {error && <div className="alert alert-error small wrap" role="alert" data-testid="storage-form-error"><GatewayText as="p" text={error} /></div>}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !path.trim()}>{busy ? t('common.working') : t('common.save')}</button>
        <button type="button" className="btn" onClick={onDone}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
