/** The fields every named element has: apiName, display name, status, description, annotations. */
import { memo, useState, type ReactElement } from 'react';
import type { ElementKind } from '../../../../core/model';
import type { ElementAddress } from '../../../../core/yjs';
import type { Diagnostic } from '../../../../core/validate';
import { Icon } from '../../ui/icons';
import { Section, SelectField, TextArea, TextField, forField } from './fields';
import { sameFieldProps } from './same-props';
import { writeField } from './write';

interface Named {
  apiName: string;
  displayName: string;
  description: string;
  status: string;
  annotations?: Record<string, Array<{ value: string; lang?: string }>>;
}

const STATUS = [
  { value: 'active', label: 'Active' },
  { value: 'experimental', label: 'Experimental' },
  { value: 'deprecated', label: 'Deprecated' },
];

export const NamedFields = memo(function NamedFields({ address, value, path, diagnostics }: {
  kind: ElementKind; address: ElementAddress; value: Named; path: string; diagnostics: readonly Diagnostic[];
}): ReactElement {
  return (
    <div className="grid2">
      <TextField address={address} field="apiName" label="API name" value={value.apiName} mono diagnostics={forField(diagnostics, `${path}/apiName`)} />
      <TextField address={address} field="displayName" label="Display name" value={value.displayName} diagnostics={forField(diagnostics, `${path}/displayName`)} />
      <SelectField address={address} field="status" label="Status" value={value.status} options={STATUS} />
      <div />
      <TextArea address={address} field="description" label="Description" value={value.description} />
    </div>
  );
}, sameFieldProps);

type AnnotationRecord = Record<string, Array<{ value: string; lang?: string }>>;

/** Annotations (definition, synonym, seeAlso… or any IRI) as key/value/lang rows; stored as one field. */
export const Annotations = memo(function Annotations({ address, value }: { address: ElementAddress; value: AnnotationRecord }): ReactElement {
  const [key, setKey] = useState('');
  const [text, setText] = useState('');
  const [lang, setLang] = useState('');
  const [refused, setRefused] = useState<string | null>(null);
  const rows = Object.entries(value).flatMap(([k, vs]) => vs.map((v, i) => ({ k, i, v })));
  const write = (next: AnnotationRecord): void => {
    const cleaned = Object.fromEntries(Object.entries(next).filter(([, vs]) => vs.length > 0));
    setRefused(writeField(address, 'annotations', Object.keys(cleaned).length > 0 ? cleaned : undefined));
  };
  const add = (): void => {
    if (!key.trim() || !text.trim()) return;
    const entry = lang.trim() ? { value: text, lang: lang.trim() } : { value: text };
    write({ ...value, [key.trim()]: [...(value[key.trim()] ?? []), entry] });
    setText('');
  };
  return (
    <div style={{ gridColumn: '1 / -1' }}>
      <Section title="Annotations">
        {rows.length > 0 && (
          <table className="table" aria-label="Annotations">
            <thead><tr><th>Key</th><th>Value</th><th>Language</th><th /></tr></thead>
            <tbody>
              {rows.map(({ k, i, v }) => (
                <tr key={`${k}-${i}`}>
                  <td className="mono">{k}</td><td>{v.value}</td><td>{v.lang ?? ''}</td>
                  <td><button type="button" className="btn ghost icon" aria-label={`Remove annotation ${k} ${v.value}`}
                    onClick={() => write({ ...value, [k]: (value[k] ?? []).filter((_, j) => j !== i) })}><Icon name="trash" /></button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div style={{ display: 'flex', gap: 6, marginTop: 6 }}>
          <input className="input" style={{ width: 160 }} aria-label="Annotation key" placeholder="definition, synonym, IRI…" value={key} onChange={(e) => setKey(e.target.value)} list="annotation-keys" />
          <datalist id="annotation-keys">{['definition', 'synonym', 'comment', 'seeAlso', 'xref', 'editorialNote', 'label', 'replacedBy'].map((k) => <option key={k} value={k} />)}</datalist>
          <input className="input" aria-label="Annotation value" placeholder="Value" value={text} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') add(); }} />
          <input className="input" style={{ width: 70 }} aria-label="Annotation language" placeholder="lang" value={lang} onChange={(e) => setLang(e.target.value)} />
          <button type="button" className="btn" onClick={add}>Add annotation</button>
        </div>
        {refused && <div className="diag ERROR" role="alert">{refused}</div>}
      </Section>
    </div>
  );
}, sameFieldProps);
