/** New workspace, open workspace and connect-to-server dialogs. */
import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { client, describeError } from '../../backend/client';
import { useSession } from '../../state/session';
import { useUi } from '../../state/ui';
import { Modal } from '../../ui/Modal';
import { SyncDialog } from '../sync/SyncDialog';

const close = () => useUi.getState().openDialog(null);

export function NewWorkspaceDialog(): ReactElement {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      await client().call('workspace.create', { name: name.trim() });
      close();
      await useSession.getState().open(name.trim());
    } catch (err) {
      const d = describeError(err);
      setError(`${d.code}: ${d.message}`);
    }
  };
  return (
    <Modal open onClose={close} title="New workspace" description="An empty ontology with a main branch, stored on this machine.">
      <form onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="workspace-name">Workspace name</label>
          <input id="workspace-name" className="input" autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. airline" />
        </div>
        {error && <div className="diag ERROR" role="alert">{error}</div>}
        <div className="buttons">
          <button type="button" className="btn" onClick={close}>Cancel</button>
          <button type="submit" className="btn primary" disabled={!name.trim()}>Create workspace</button>
        </div>
      </form>
    </Modal>
  );
}

export function OpenWorkspaceDialog(): ReactElement {
  const [list, setList] = useState<Array<{ name: string; bytes: number }> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client().call('workspace.list', {}).then((r) => setList(r.workspaces), (err: unknown) => setError(describeError(err).message));
  }, []);
  return (
    <Modal open onClose={close} title="Open workspace">
      {error && <div className="diag ERROR" role="alert">{error}</div>}
      {list && list.length === 0 && <p className="muted">No workspaces yet. Create one or open an example from the welcome screen.</p>}
      {list && list.length > 0 && (
        <div className="list" role="list">
          {list.map((w) => (
            <button key={w.name} type="button" className="list-row" role="listitem" onClick={() => { close(); void useSession.getState().open(w.name).catch((err: unknown) => useUi.getState().notify(describeError(err))); }}>
              <strong>{w.name}</strong><span className="muted">{(w.bytes / 1024).toFixed(0)} KB</span>
            </button>
          ))}
        </div>
      )}
    </Modal>
  );
}

/** Server, sign-in, clone, connect, push and pull live in the sync feature. */
export function ConnectDialog(): ReactElement {
  return <SyncDialog />;
}
