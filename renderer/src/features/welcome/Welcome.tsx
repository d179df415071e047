/** First screen: open an example, make a workspace, open or import a file, connect to a server, or reopen one. */
import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { Example } from '../../../../core/contract/studio-api';
import { client, describeError } from '../../backend/client';
import { useSession } from '../../state/session';
import { useUi } from '../../state/ui';
import { Icon, Logo, type IconName } from '../../ui/icons';

function Card({ icon, title, text, onClick }: { icon: IconName; title: string; text: string; onClick: () => void }): ReactElement {
  return (
    <button type="button" className="card" onClick={onClick}>
      <Icon name={icon} size={20} />
      <strong>{title}</strong>
      <span>{text}</span>
    </button>
  );
}

/**
 * 12,345 / 50,000 without Intl: toLocaleString's first call loads the locale data, a 100+ ms task
 * in the middle of opening a big workspace on a slow box.
 */
function grouped(n: number): string {
  const [whole = '', fraction] = String(n).split('.');
  return whole.replace(/\B(?=(\d{3})+$)/g, ',') + (fraction === undefined ? '' : `.${fraction}`);
}

export function Welcome(): ReactElement {
  const [examples, setExamples] = useState<Example[] | null>(null);
  const [workspaces, setWorkspaces] = useState<Array<{ name: string; bytes: number }> | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const ui = useUi.getState();
  const opening = useSession((s) => s.status === 'opening');
  const progress = useSession((s) => s.progress);

  useEffect(() => {
    client().call('examples.list', {}).then((r) => setExamples(r.examples), (err: unknown) => setError(describeError(err)));
    client().call('workspace.list', {}).then((r) => setWorkspaces(r.workspaces), (err: unknown) => setError(describeError(err)));
  }, []);

  const run = async (label: string, work: () => Promise<void>): Promise<void> => {
    setBusy(label);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(null);
    }
  };
  const openExample = (ex: Example): Promise<void> => run(ex.name, async () => {
    const taken = new Set((workspaces ?? []).map((w) => w.name));
    for (let i = 1; ; i++) {
      const name = i === 1 ? ex.id : `${ex.id}-${i}`;
      if (taken.has(name)) continue;
      try {
        const info = await client().call('examples.open', { id: ex.id, name });
        await useSession.getState().open(info.name);
        return;
      } catch (err) {
        // Another window took the name between our list and our create: take the next one.
        if (describeError(err).code !== 'WORKSPACE_EXISTS' || i > 50) throw err;
      }
    }
  });

  return (
    <main className="welcome" aria-label="Welcome">
      <div className="welcome-inner">
        <div style={{ display: 'flex', alignItems: 'center', gap: 10 }}><Logo /><h1>OMS Studio</h1></div>
        <p className="lead">Model your organisation’s data: object types, links, interfaces and actions — branched, validated as you type, and synced.</p>
        <div className="cards">
          <Card icon="plus" title="New workspace" text="Start from an empty ontology." onClick={() => ui.openDialog({ type: 'newWorkspace' })} />
          <Card icon="file" title="Open a file" text="An .oms.json, Turtle, OWL or JSON-LD file." onClick={() => fileInput.current?.click()} />
          <Card icon="upload" title="Import OWL / RDF" text="Map a third-party ontology, with a report." onClick={() => ui.openDialog({ type: 'import' })} />
          <Card icon="server" title="Connect to a server" text="Work with your team's oms-sync server." onClick={() => ui.openDialog({ type: 'connect' })} />
          <Card icon="keyboard" title="Keyboard shortcuts" text="Ctrl/Cmd+K reaches every command." onClick={() => ui.setShortcuts(true)} />
        </div>
        <input ref={fileInput} type="file" hidden aria-label="Open a file" accept=".json,.ttl,.owl,.rdf,.xml,.jsonld,.nt,.nq,.trig"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void f.text().then((text) => ui.openDialog({ type: 'import', file: { name: f.name, text } }));
            e.target.value = '';
          }} />
        {error && <div className="callout error" role="alert"><strong className="mono">{error.code}</strong> {error.message}</div>}
        {(busy || opening) && (
          <div className="callout ok" role="status" style={{ flexDirection: 'column', alignItems: 'stretch' }}>
            <span>Opening {busy ?? 'workspace'}… {progress && progress.total > 0 ? `${progress.phase} ${grouped(progress.done)} / ${grouped(progress.total)}` : progress?.phase ?? ''}</span>
            <div className="progress" role="progressbar" aria-label="Opening progress" aria-valuemin={0} aria-valuemax={progress?.total || 100} aria-valuenow={progress?.done ?? 0}>
              <div style={{ width: progress && progress.total > 0 ? `${Math.round((progress.done / progress.total) * 100)}%` : '5%' }} />
            </div>
          </div>
        )}
        <h3>Examples</h3>
        <div className="list" role="list" aria-label="Examples">
          {examples === null ? <div className="list-row muted">Loading…</div> : examples.map((ex) => (
            <button key={ex.id} type="button" className="list-row" role="listitem" onClick={() => void openExample(ex)} aria-label={`Open example ${ex.name}`}>
              <Icon name="sparkle" />
              <strong>{ex.name}</strong>
              <span className="muted" style={{ flex: 1 }}>{ex.description}</span>
              <span className="muted">{ex.objectTypes} types · {ex.linkTypes} links</span>
            </button>
          ))}
        </div>
        <h3>Recent workspaces</h3>
        {workspaces !== null && workspaces.length === 0 ? <p className="muted">None yet. Open an example or create a workspace.</p> : (
          <div className="list" role="list" aria-label="Workspaces">
            {(workspaces ?? []).map((w) => (
              <button key={w.name} type="button" className="list-row" role="listitem" onClick={() => void run(w.name, () => useSession.getState().open(w.name))}>
                <Icon name="server" /><strong>{w.name}</strong><span style={{ flex: 1 }} /><span className="muted">{(w.bytes / 1024).toFixed(0)} KB</span>
              </button>
            ))}
          </div>
        )}
      </div>
    </main>
  );
}
