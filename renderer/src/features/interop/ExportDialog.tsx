/** Export the open branch to every format the CLI writes, with a preview and a download. */
import { useEffect, useState, type ReactElement } from 'react';
import { EXPORT_FORMATS, type ExportFormat } from '../../../../core/contract/studio-api';
import { client, describeError } from '../../backend/client';
import { useSession } from '../../state/session';
import { useUi } from '../../state/ui';
import { Modal } from '../../ui/Modal';
import { Icon } from '../../ui/icons';

const EXTENSION: Record<ExportFormat, string> = {
  oms: 'oms.json', turtle: 'ttl', ntriples: 'nt', jsonld: 'jsonld', jsonschema: 'schema.json', openapi: 'openapi.json', typescript: 'ts', graphql: 'graphql',
};
const PREVIEW_CHARS = 200_000;

export function ExportDialog(): ReactElement {
  const close = () => useUi.getState().openDialog(null);
  const workspace = useSession((s) => s.workspace);
  const branch = useSession((s) => s.branch);
  const session = useSession((s) => s.sessionId);
  const [format, setFormat] = useState<ExportFormat>('turtle');
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);

  useEffect(() => {
    if (!workspace || !branch) return;
    let live = true;
    setText(null);
    setError(null);
    // Flush first, so the export includes the edit made a moment ago.
    (session ? client().call('doc.flush', { session }) : Promise.resolve({}))
      .then(() => client().call('workspace.export', { workspace, format, branch }))
      .then((r) => { if (live) setText(r.text); }, (err: unknown) => { if (live) setError(describeError(err)); });
    return () => { live = false; };
  }, [workspace, branch, session, format]);

  const download = (): void => {
    if (text === null || !workspace) return;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${workspace}.${EXTENSION[format]}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <Modal open onClose={close} title="Export" description={`The working state of ${workspace ?? '—'} / ${branch ?? '—'}.`} wide>
      <div className="field" style={{ maxWidth: 260 }}>
        <label htmlFor="export-format">Format</label>
        <select id="export-format" className="select" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
          {EXPORT_FORMATS.map((f) => <option key={f} value={f}>{f}</option>)}
        </select>
      </div>
      <div style={{ marginTop: 12 }}>
        {error ? <div className="callout error" role="alert"><strong className="mono">{error.code}</strong> {error.message}</div>
          : text === null ? <div className="preview muted" aria-busy="true">Generating…</div>
            : <pre className="preview" aria-label="Export preview" tabIndex={0}>{text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}\n… (${text.length - PREVIEW_CHARS} more characters in the download)` : text}</pre>}
      </div>
      <div className="buttons">
        <button type="button" className="btn" onClick={close}>Close</button>
        <button type="button" className="btn" disabled={text === null} onClick={() => void navigator.clipboard?.writeText(text ?? '')}><Icon name="copy" /> Copy</button>
        <button type="button" className="btn primary" disabled={text === null} onClick={download}><Icon name="download" /> Download</button>
      </div>
    </Modal>
  );
}
