/**
 * Import OWL/RDF/OMS as a new workspace: pick (or drop) a file, the format is detected, the import
 * runs as a job with a progress bar and Cancel, and ends with its report: what mapped and what did
 * not, per predicate, with examples.
 */
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { IMPORT_FORMATS, type ApiEvents, type ImportFormat } from '../../../../core/contract/studio-api';
import type { ImportReport } from '../../../../core/formats/import-report';
import { client, describeError } from '../../backend/client';
import { useSession } from '../../state/session';
import { useUi } from '../../state/ui';
import { Modal } from '../../ui/Modal';
import { detectFormat, workspaceNameFor } from './detect';

type Phase =
  | { step: 'choose' }
  | { step: 'running'; jobId: string | null; done: number; total: number; phase: string }
  | { step: 'done'; workspace: string; objectTypes: number; warnings: string[]; report?: ImportReport }
  | { step: 'failed'; code: string; message: string };

export function ImportDialog({ initial }: { initial?: { name: string; text: string } }): ReactElement {
  const close = () => useUi.getState().openDialog(null);
  const [file, setFile] = useState(initial ?? null);
  const [format, setFormat] = useState<ImportFormat>(initial ? detectFormat(initial.name, initial.text) : 'turtle');
  const [name, setName] = useState(initial ? workspaceNameFor(initial.name) : '');
  const [phase, setPhase] = useState<Phase>({ step: 'choose' });
  const jobRef = useRef<string | null>(null);
  const early = useRef(new Map<string, ApiEvents['job.done']>());
  const finish = (d: ApiEvents['job.done']): void => {
    jobRef.current = null;
    if (!d.ok) setPhase({ step: 'failed', code: d.error.code, message: d.error.message });
    else if (d.result.kind === 'import') {
      const r = d.result;
      setPhase({ step: 'done', workspace: r.workspace, objectTypes: r.objectTypes, warnings: r.warnings, ...(r.report ? { report: r.report } : {}) });
    }
  };

  useEffect(() => {
    const offProgress = client().on('job.progress', (p) => {
      if (p.jobId === jobRef.current) setPhase({ step: 'running', jobId: p.jobId, done: p.done, total: p.total, phase: p.phase });
    });
    const offDone = client().on('job.done', (d) => {
      // A quick job can finish before jobs.start has answered with its id: keep the result for it.
      if (d.jobId !== jobRef.current) early.current.set(d.jobId, d);
      else finish(d);
    });
    return () => {
      offProgress();
      offDone();
    };
  }, []);

  const pick = async (f: File): Promise<void> => {
    const text = await f.text();
    setFile({ name: f.name, text });
    setFormat(detectFormat(f.name, text));
    setName(workspaceNameFor(f.name));
  };
  const start = async (): Promise<void> => {
    if (!file) return;
    setPhase({ step: 'running', jobId: null, done: 0, total: 0, phase: 'starting' });
    try {
      const { jobId } = await client().call('jobs.start', { kind: 'import', name, text: file.text, format, fileName: file.name });
      jobRef.current = jobId;
      setPhase((p) => (p.step === 'running' ? { ...p, jobId } : p));
      const done = early.current.get(jobId);
      if (done) finish(done);
    } catch (err) {
      setPhase({ step: 'failed', ...describeError(err) });
    }
  };
  const cancel = async (): Promise<void> => {
    const id = jobRef.current;
    if (id) await client().call('jobs.cancel', { jobId: id }).catch(() => undefined);
  };
  const openResult = async (workspace: string): Promise<void> => {
    close();
    await useSession.getState().open(workspace).catch((err: unknown) => useUi.getState().notify(describeError(err)));
  };

  return (
    <Modal open onClose={close} title="Import an ontology" description="OWL / RDF (Turtle, RDF/XML, JSON-LD, N-Triples, N-Quads, TriG) or an OMS file becomes a new workspace." wide>
      {phase.step === 'choose' && (
        <form onSubmit={(e) => { e.preventDefault(); void start(); }}>
          <div className="field">
            <label htmlFor="import-file">File</label>
            <input id="import-file" type="file" accept=".ttl,.owl,.rdf,.xml,.jsonld,.nt,.nq,.trig,.json" onChange={(e) => { const f = e.target.files?.[0]; if (f) void pick(f); }} />
            {file && <span className="muted">{file.name} · {(file.text.length / 1024).toFixed(1)} KB</span>}
          </div>
          <div className="grid2">
            <div className="field">
              <label htmlFor="import-format">Format</label>
              <select id="import-format" className="select" value={format} onChange={(e) => setFormat(e.target.value as ImportFormat)}>
                {IMPORT_FORMATS.map((f) => <option key={f} value={f}>{f}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor="import-name">Workspace name</label>
              <input id="import-name" className="input" value={name} onChange={(e) => setName(e.target.value)} />
            </div>
          </div>
          <div className="buttons">
            <button type="button" className="btn" onClick={close}>Cancel</button>
            <button type="submit" className="btn primary" disabled={!file || !name}>Import</button>
          </div>
        </form>
      )}
      {phase.step === 'running' && (
        <div>
          <p>Importing {file?.name}… <span className="muted">{phase.phase}</span></p>
          <div className="progress" role="progressbar" aria-label="Import progress" aria-valuemin={0} aria-valuemax={phase.total || 100} aria-valuenow={phase.done}>
            <div style={{ width: phase.total > 0 ? `${Math.round((phase.done / phase.total) * 100)}%` : '8%' }} />
          </div>
          <div className="buttons"><button type="button" className="btn" onClick={() => void cancel()}>Cancel import</button></div>
        </div>
      )}
      {phase.step === 'failed' && (
        <div>
          <div className="callout error" role="alert"><strong className="mono">{phase.code}</strong> {phase.message}</div>
          <p className="muted">{phase.code === 'JOB_CANCELLED' ? 'Nothing was imported.' : 'Check the file and its format, then try again.'}</p>
          <div className="buttons">
            <button type="button" className="btn" onClick={close}>Close</button>
            <button type="button" className="btn primary" onClick={() => setPhase({ step: 'choose' })}>Try again</button>
          </div>
        </div>
      )}
      {phase.step === 'done' && <ImportReportView phase={phase} onOpen={() => void openResult(phase.workspace)} onClose={close} />}
    </Modal>
  );
}

function ImportReportView({ phase, onOpen, onClose }: { phase: Extract<Phase, { step: 'done' }>; onOpen: () => void; onClose: () => void }): ReactElement {
  const r = phase.report;
  const table = (title: string, bucket: Record<string, { count: number; examples: string[] }>): ReactElement | null => {
    const rows = Object.entries(bucket);
    if (rows.length === 0) return null;
    return (
      <section aria-label={title}>
        <h3 className="section">{title}</h3>
        <table className="table">
          <thead><tr><th>Construct</th><th style={{ width: 70 }}>Count</th><th>Examples</th></tr></thead>
          <tbody>{rows.map(([k, e]) => <tr key={k}><td className="mono">{k}</td><td>{e.count}</td><td className="muted">{e.examples.slice(0, 3).join(', ')}</td></tr>)}</tbody>
        </table>
      </section>
    );
  };
  return (
    <section aria-label="Import report">
      <div className="callout ok" role="status">Imported <strong>{phase.workspace}</strong>: {phase.objectTypes} object types{r ? ` from ${r.triples} triples (${r.format})` : ''}.</div>
      {r && table('Mapped', r.mapped)}
      {r && table('Not mapped', r.unmapped)}
      {r && table('Synthesised', r.synthesised)}
      {phase.warnings.length > 0 && (
        <section aria-label="Warnings">
          <h3 className="section">Warnings ({phase.warnings.length})</h3>
          <ul>{phase.warnings.slice(0, 100).map((w, i) => <li key={i}>{w}</li>)}</ul>
        </section>
      )}
      <div className="buttons">
        <button type="button" className="btn" onClick={onClose}>Close</button>
        <button type="button" className="btn primary" autoFocus onClick={onOpen}>Open workspace</button>
      </div>
    </section>
  );
}
