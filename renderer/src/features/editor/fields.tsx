/** Form fields bound to one element field: write as you type, show the refusal or the diagnostics inline. */
import { memo, useEffect, useState, type ReactElement, type ReactNode } from 'react';
import type { ElementAddress } from '../../../../core/yjs';
import type { Diagnostic } from '../../../../core/validate';
import { sameFieldProps } from './same-props';
import { fieldDomId, writeField } from './write';

export function Diags({ diagnostics, id }: { diagnostics: readonly Diagnostic[]; id?: string }): ReactElement | null {
  if (diagnostics.length === 0) return null;
  return (
    <div id={id}>
      {diagnostics.map((d, i) => (
        <div key={i} className={`diag ${d.severity}`} role={d.severity === 'INFO' ? undefined : 'alert'}>
          <span className="mono">{d.code}</span><span>{d.message}</span>
        </div>
      ))}
    </div>
  );
}

interface BoundProps {
  address: ElementAddress;
  field: string;
  label: string;
  diagnostics?: readonly Diagnostic[];
  hideLabel?: boolean;
}

export const TextField = memo(function TextField({ address, field, label, value, diagnostics = [], hideLabel, placeholder, optional, mono }: BoundProps & {
  value: string; placeholder?: string; optional?: boolean; mono?: boolean;
}): ReactElement {
  const [draft, setDraft] = useState(value);
  const [refused, setRefused] = useState<string | null>(null);
  useEffect(() => {
    setDraft(value);
    setRefused(null);
  }, [value]);
  const id = fieldDomId(address, field);
  const invalid = refused !== null || diagnostics.some((d) => d.severity !== 'INFO');
  return (
    <div className="field">
      {!hideLabel && <label htmlFor={id}>{label}</label>}
      <input id={id} className={`input${mono ? ' mono' : ''}`} value={draft} placeholder={placeholder} aria-label={hideLabel ? label : undefined}
        aria-invalid={invalid} aria-describedby={invalid ? `${id}-diag` : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          setRefused(writeField(address, field, optional && e.target.value === '' ? undefined : e.target.value, { typing: true }));
        }} />
      <div id={`${id}-diag`}>
        {refused && <div className="diag ERROR" role="alert">{refused}</div>}
        <Diags diagnostics={diagnostics} />
      </div>
    </div>
  );
}, sameFieldProps);

export const TextArea = memo(function TextArea({ address, field, label, value }: BoundProps & { value: string }): ReactElement {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const id = fieldDomId(address, field);
  return (
    <div className="field" style={{ gridColumn: '1 / -1' }}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} className="textarea" value={draft} onChange={(e) => { setDraft(e.target.value); writeField(address, field, e.target.value, { typing: true }); }} />
    </div>
  );
}, sameFieldProps);

export const SelectField = memo(function SelectField({ address, field, label, value, options, diagnostics = [], hideLabel, allowNone }: BoundProps & {
  value: string | undefined;
  options: ReadonlyArray<{ value: string; label: string }>;
  /** Label of the "nothing selected" choice; absent when a value is required. */
  allowNone?: string;
}): ReactElement {
  const [refused, setRefused] = useState<string | null>(null);
  const id = fieldDomId(address, field);
  const known = value === undefined || value === '' || options.some((o) => o.value === value);
  return (
    <div className="field">
      {!hideLabel && <label htmlFor={id}>{label}</label>}
      <select id={id} className="select" value={value ?? ''} aria-label={hideLabel ? label : undefined}
        aria-invalid={refused !== null || diagnostics.some((d) => d.severity !== 'INFO')}
        onChange={(e) => setRefused(writeField(address, field, e.target.value === '' ? undefined : e.target.value))}>
        {(allowNone !== undefined || value === undefined || value === '') && <option value="">{allowNone ?? '— choose —'}</option>}
        {!known && <option value={value}>{`missing: ${value}`}</option>}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      {refused && <div className="diag ERROR" role="alert">{refused}</div>}
      <Diags diagnostics={diagnostics} />
    </div>
  );
}, sameFieldProps);

export const CheckField = memo(function CheckField({ address, field, label, value }: BoundProps & { value: boolean }): ReactElement {
  const id = fieldDomId(address, field);
  return (
    <label className="check" htmlFor={id}>
      <input id={id} type="checkbox" checked={value} onChange={(e) => writeField(address, field, e.target.checked)} />
      {label}
    </label>
  );
}, sameFieldProps);

export function Section({ title, children, actions }: { title: string; children?: ReactNode; actions?: ReactNode }): ReactElement {
  return (
    <section aria-label={title}>
      <h2 className="section">{title}<span style={{ flex: 1 }} />{actions}</h2>
      {children}
    </section>
  );
}

/** Diagnostics whose path is exactly this field (`objectTypes/<id>/apiName`). */
export function forField(diagnostics: readonly Diagnostic[], path: string): Diagnostic[] {
  return diagnostics.filter((d) => d.path === path);
}
