/** Workspace, branch, save/sync state and problem counts; the counts open the problems panel. */
import { useEffect, useState, type ReactElement } from 'react';
import type { SyncStatus } from '../../../../core/contract/studio-api';
import { client } from '../../backend/client';
import { useProblems } from '../../state/problems';
import { useSession } from '../../state/session';
import { useUi } from '../../state/ui';
import { countOf } from '../../ui/count';
import { Icon } from '../../ui/icons';
import { syncStatusText } from '../sync/sync-status-text';

export function StatusBar(): ReactElement {
  const workspace = useSession((s) => s.workspace);
  const branch = useSession((s) => s.branch);
  const sync = useSession((s) => s.sync);
  const counts = useProblems((s) => s.counts);
  const pending = useProblems((s) => s.pending);
  const [remote, setRemote] = useState<SyncStatus | null>(null);
  useEffect(() => client().on('sync.status', (s) => { if (s.workspace === workspace) setRemote(s); }), [workspace]);
  return (
    <footer className="statusbar" aria-label="Status bar">
      <span title="Workspace"><Icon name="server" size={12} /> {workspace ?? 'no workspace'}</span>
      <span title="Branch">⎇ {branch ?? '—'}</span>
      <span role="status" aria-label="Save state">{sync === 'saved' ? 'All changes saved' : sync === 'saving' ? 'Saving…' : 'Not saved — see the message'}</span>
      <span title="Sync with the server">{remote ? syncStatusText(remote) : 'Local only'}</span>
      <span className="spacer" />
      <button type="button" onClick={() => useUi.getState().togglePanel()} aria-label={`Problems: ${countOf(counts.errors, 'error')}, ${countOf(counts.warnings, 'warning')}`}>
        <span style={{ color: counts.errors ? 'var(--error)' : undefined }}>⊗ {counts.errors}</span>
        <span style={{ color: counts.warnings ? 'var(--warn)' : undefined }}>⚠ {counts.warnings}</span>
        {pending && <span className="muted">checking…</span>}
      </button>
      <button type="button" onClick={() => useUi.getState().setShortcuts(true)} aria-label="Keyboard shortcuts"><Icon name="keyboard" size={14} /></button>
    </footer>
  );
}
