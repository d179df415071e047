/** Value type: base type, constraints, and a live check of example values against them. */
import { useEffect, useState, type ReactElement } from 'react';
import type { Constraints, ValueType } from '../../../../core/model';
import type { Diagnostic } from '../../../../core/validate';
import { Icon } from '../../ui/icons';
import { NamedFields } from './NamedFields';
import { Diags, Section } from './fields';
import { BaseTypePicker } from './pickers';
import { checkExample } from './constraint-check';
import { fieldDomId, writeField } from './write';

type NumKey = 'min' | 'max' | 'minLength' | 'maxLength';

export function ValueTypeEditor({ id, value, diagnostics }: { id: string; value: ValueType; diagnostics: readonly Diagnostic[] }): ReactElement {
  const address = { id };
  const path = `valueTypes/${id}`;
  const c = value.constraints;
  const [examples, setExamples] = useState('');
  const [refused, setRefused] = useState<string | null>(null);
  const write = (next: Constraints): void => setRefused(writeField(address, 'constraints', next));
  const set = <K extends keyof Constraints>(key: K, v: Constraints[K] | undefined): void => {
    const next = { ...c };
    if (v === undefined) delete next[key];
    else next[key] = v;
    write(next);
  };
  const num = (key: NumKey, label: string): ReactElement => (
    <div className="field">
      <label htmlFor={fieldDomId(address, `constraints.${key}`)}>{label}</label>
      <input id={fieldDomId(address, `constraints.${key}`)} className="input" type="number" value={c[key] ?? ''}
        onChange={(e) => set(key, e.target.value === '' ? undefined : Number(e.target.value))} />
    </div>
  );
  return (
    <>
      <NamedFields kind="valueType" address={address} value={value} path={path} diagnostics={diagnostics} />
      <Section title="Type and constraints">
        <div className="grid2">
          <div className="field"><span className="label">Base type</span><BaseTypePicker address={address} value={value.baseType} /></div>
          <RegexField id={id} value={c.regex} onChange={(v) => set('regex', v)} />
          {num('min', 'Minimum')}
          {num('max', 'Maximum')}
          {num('minLength', 'Minimum length')}
          {num('maxLength', 'Maximum length')}
          <EnumField id={id} value={c.enum} numeric={['integer', 'long', 'double', 'decimal'].includes(value.baseType.type)} onChange={(v) => set('enum', v)} />
        </div>
        {refused && <div className="diag ERROR" role="alert">{refused}</div>}
        <Diags diagnostics={diagnostics.filter((d) => d.path.startsWith(`${path}/constraints`) || d.path === `${path}/baseType`)} />
      </Section>
      <Section title="Check example values">
        <div className="field">
          <label htmlFor={`examples-${id}`}>Examples, one per line</label>
          <textarea id={`examples-${id}`} className="textarea mono" value={examples} onChange={(e) => setExamples(e.target.value)} placeholder="Type values to test them against the constraints" />
        </div>
        <ul aria-label="Example results" style={{ listStyle: 'none', padding: 0, margin: '8px 0 0' }}>
          {examples.split('\n').filter((l) => l.length > 0).map((line, i) => {
            const verdict = checkExample(line, value.baseType, c);
            return (
              <li key={i} className={`diag ${verdict.ok ? 'INFO' : 'ERROR'}`} style={{ color: verdict.ok ? 'var(--ok)' : undefined }}>
                <Icon name={verdict.ok ? 'check' : 'close'} /> <span className="mono">{line}</span> — {verdict.reason}
              </li>
            );
          })}
        </ul>
      </Section>
    </>
  );
}

/** Text fields that hold a draft so a half-typed regex or list is not written until it parses. */
function RegexField({ id, value, onChange }: { id: string; value: string | undefined; onChange: (v: string | undefined) => void }): ReactElement {
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  return (
    <div className="field">
      <label htmlFor={`f-${id}-constraints.regex`}>Pattern (regular expression)</label>
      <input id={`f-${id}-constraints.regex`} className="input mono" value={draft} onChange={(e) => { setDraft(e.target.value); onChange(e.target.value === '' ? undefined : e.target.value); }} />
    </div>
  );
}

function EnumField({ id, value, numeric, onChange }: { id: string; value: Array<string | number> | undefined; numeric: boolean; onChange: (v: Array<string | number> | undefined) => void }): ReactElement {
  const [draft, setDraft] = useState((value ?? []).join(', '));
  useEffect(() => setDraft((value ?? []).join(', ')), [value]);
  return (
    <div className="field" style={{ gridColumn: '1 / -1' }}>
      <label htmlFor={`f-${id}-constraints.enum`}>Allowed values (comma-separated; empty = any)</label>
      <input id={`f-${id}-constraints.enum`} className="input" value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          const items = e.target.value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
          onChange(items.length === 0 ? undefined : items.map((s) => (numeric && Number.isFinite(Number(s)) ? Number(s) : s)));
        }} />
    </div>
  );
}
