/** Pickers for types and references: base type (primitives, array, struct, vector), value type, id sets. */
import { memo, useCallback, useMemo, useState, type FocusEvent, type MouseEvent, type ReactElement } from 'react';
import { PRIMITIVE_TYPES, type BaseType, type TopLevelKind } from '../../../../core/model';
import type { ElementAddress } from '../../../../core/yjs';
import { useIndex, useKindList } from '../../state/hooks';
import { useUi } from '../../state/ui';
import type { Entry } from '../../state/model-index';
import { sameFieldProps } from './same-props';
import { fieldDomId, writeField } from './write';

const COMPOSITES = ['array', 'struct', 'vector'] as const;

function defaultOf(type: string, structs: readonly string[]): BaseType {
  if (type === 'array') return { type: 'array', items: { type: 'string' } };
  if (type === 'vector') return { type: 'vector', dimension: 768 };
  if (type === 'struct') return { type: 'struct', structTypeId: structs[0] ?? '' };
  return { type: type as (typeof PRIMITIVE_TYPES)[number] };
}

function describe(bt: BaseType): string {
  if (bt.type === 'array') return `array<${describe(bt.items)}>`;
  if (bt.type === 'vector') return `vector(${bt.dimension})`;
  return bt.type;
}

/** Edits a BaseType value; `onChange` receives the whole new value (it is stored atomically). */
function BaseTypeControl({ value, onChange, label, id }: { value: BaseType; onChange: (v: BaseType) => void; label: string; id?: string }): ReactElement {
  const structs = useKindList('structType');
  const structIds = structs.map((s) => s.id);
  return (
    <span style={{ display: 'inline-flex', gap: 4, alignItems: 'center', minWidth: 0 }}>
      <select id={id} className="select" aria-label={label} value={value.type} style={{ width: 'auto' }}
        onChange={(e) => onChange(defaultOf(e.target.value, structIds))}>
        <optgroup label="Primitive">{PRIMITIVE_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}</optgroup>
        <optgroup label="Composite">{COMPOSITES.map((t) => <option key={t} value={t}>{t}</option>)}</optgroup>
      </select>
      {value.type === 'vector' && (
        <input className="input" type="number" min={1} max={65536} aria-label={`${label} dimension`} style={{ width: 80 }} value={value.dimension}
          onChange={(e) => onChange({ type: 'vector', dimension: Math.max(1, Math.min(65536, Number(e.target.value) || 1)) })} />
      )}
      {value.type === 'struct' && (
        <select className="select" aria-label={`${label} struct type`} style={{ width: 'auto' }} value={value.structTypeId}
          onChange={(e) => onChange({ type: 'struct', structTypeId: e.target.value })}>
          {structs.length === 0 && <option value="">no struct types yet</option>}
          {structs.map((s) => <option key={s.id} value={s.id}>{(s.value as { apiName: string }).apiName}</option>)}
        </select>
      )}
      {value.type === 'array' && (
        <>
          <span className="muted">of</span>
          <BaseTypeControl value={value.items} label={`${label} items`} onChange={(items) => onChange({ type: 'array', items })} />
        </>
      )}
    </span>
  );
}

export const BaseTypePicker = memo(function BaseTypePicker({ address, value, label = 'Base type', field = 'baseType' }: { address: ElementAddress; value: BaseType; label?: string; field?: string }): ReactElement {
  const [refused, setRefused] = useState<string | null>(null);
  return (
    <span title={describe(value)}>
      <BaseTypeControl id={fieldDomId(address, field)} value={value} label={label} onChange={(v) => setRefused(writeField(address, field, v))} />
      {refused && <span className="diag ERROR" role="alert">{refused}</span>}
    </span>
  );
}, sameFieldProps);

/** Above this many candidates a picker's options are in the DOM only while someone is at it. */
const ON_DEMAND_ABOVE = 200;

/**
 * Whether a big select's full option list should be rendered: while it is hovered or focused
 * (so the mouse and the keyboard find every option), not otherwise. A select over 50k types costs
 * a 50k-child reconcile plus React's walk over every option on commit each time its editor
 * re-renders, which was most of a keystroke's 100+ ms in a 50k workspace.
 */
function useOnDemand(size: number): { live: boolean; bind: { onFocus: () => void; onMouseEnter: () => void; onBlur: () => void; onMouseLeave: (e: MouseEvent<HTMLSelectElement>) => void } } {
  const [engaged, setEngaged] = useState(false);
  const on = useCallback(() => setEngaged(true), []);
  const off = useCallback(() => setEngaged(false), []);
  const leave = useCallback((e: MouseEvent<HTMLSelectElement> | FocusEvent<HTMLSelectElement>) => {
    if (document.activeElement !== e.currentTarget) setEngaged(false);
  }, []);
  return { live: engaged || size <= ON_DEMAND_ABOVE, bind: { onFocus: on, onMouseEnter: on, onBlur: off, onMouseLeave: leave } };
}

/** The options of one kind's list minus some ids; memoised so a re-render of the select does not redo 50k of them. */
const KindOptions = memo(function KindOptions({ list, skip, exclude }: { list: readonly Entry[]; skip?: readonly string[]; exclude?: string }): ReactElement {
  const shown = useMemo(() => {
    const out = new Set(skip);
    if (exclude !== undefined) out.add(exclude);
    return out.size === 0 ? list : list.filter((e) => !out.has(e.id));
  }, [list, skip, exclude]);
  return <>{shown.map((e) => <option key={e.id} value={e.id}>{(e.value as { apiName: string }).apiName}</option>)}</>;
}, sameFieldProps);

/** A select over the elements of one kind (value type, object type, struct type…). */
export const RefSelect = memo(function RefSelect({ address, field, kind, value, label, allowNone = '— none —', hideLabel }: {
  address: ElementAddress; field: string; kind: TopLevelKind; value: string | undefined; label: string; allowNone?: string | null; hideLabel?: boolean;
}): ReactElement {
  const index = useIndex();
  const list = useKindList(kind);
  const { live, bind } = useOnDemand(list.length);
  const id = fieldDomId(address, field);
  const [refused, setRefused] = useState<string | null>(null);
  const current = value ? index?.get(value) : undefined;
  const known = !value || current?.kind === kind;
  const select = (
    <select id={id} className="select" aria-label={label} value={value ?? ''} {...bind}
      onChange={(e) => setRefused(writeField(address, field, e.target.value === '' ? undefined : e.target.value))}>
      {(allowNone !== null || !value) && <option value="">{allowNone ?? '— choose —'}</option>}
      {!known && <option value={value}>{`missing: ${value}`}</option>}
      {live ? <KindOptions list={list} /> : current && known && <option value={current.id}>{(current.value as { apiName: string }).apiName}</option>}
    </select>
  );
  if (hideLabel) return <>{select}{refused && <span className="diag ERROR" role="alert">{refused}</span>}</>;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {select}
      {refused && <div className="diag ERROR" role="alert">{refused}</div>}
    </div>
  );
}, sameFieldProps);

/** An id set (implements, extends, supertypes…): chips that open the element, × to remove, a select to add. */
export const IdSetField = memo(function IdSetField({ address, field, kind, value, label, exclude }: {
  address: ElementAddress; field: string; kind: TopLevelKind; value: readonly string[]; label: string; exclude?: string;
}): ReactElement {
  const index = useIndex();
  const list = useKindList(kind);
  const { live, bind } = useOnDemand(list.length);
  const openTab = useUi((s) => s.openTab);
  const [refused, setRefused] = useState<string | null>(null);
  const set = (next: string[]): void => setRefused(writeField(address, field, next));
  const name = (id: string): string => (index?.get(id)?.value as { apiName?: string } | undefined)?.apiName ?? `missing: ${id}`;
  return (
    <div className="field" style={{ gridColumn: '1 / -1' }}>
      <span className="label" id={`${fieldDomId(address, field)}-label`}>{label}</span>
      <div className="chips" role="list" aria-labelledby={`${fieldDomId(address, field)}-label`}>
        {value.map((id) => (
          <span key={id} className="chip" role="listitem">
            <a href="#" onClick={(e) => { e.preventDefault(); openTab(id); }}>{name(id)}</a>
            <button type="button" aria-label={`Remove ${name(id)} from ${label}`} onClick={() => set(value.filter((v) => v !== id))}>×</button>
          </span>
        ))}
        <select id={fieldDomId(address, field)} className="select" style={{ width: 'auto' }} aria-label={`Add to ${label}`} value="" {...bind}
          onChange={(e) => { if (e.target.value) set([...value, e.target.value]); }}>
          <option value="">+ add…</option>
          {live && <KindOptions list={list} skip={value} {...(exclude === undefined ? {} : { exclude })} />}
        </select>
      </div>
      {refused && <div className="diag ERROR" role="alert">{refused}</div>}
    </div>
  );
}, sameFieldProps);

/**
 * A set of ids or IRIs (equivalentTo, disjointWith, subPropertyOf): comma-separated; element names
 * are resolved to their ids as you type, anything else is kept as an IRI.
 */
export const RefListField = memo(function RefListField({ address, field, value, label, kind }: {
  address: ElementAddress; field: string; value: readonly string[] | undefined; label: string; kind: TopLevelKind;
}): ReactElement {
  const index = useIndex();
  const show = (ref: string): string => (index?.get(ref)?.value as { apiName?: string } | undefined)?.apiName ?? ref;
  const [draft, setDraft] = useState((value ?? []).map(show).join(', '));
  const [refused, setRefused] = useState<string | null>(null);
  const id = fieldDomId(address, field);
  const commit = (text: string): void => {
    const byName = new Map((index?.list(kind) ?? []).map((e) => [(e.value as { apiName: string }).apiName, e.id]));
    const refs = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map((s) => byName.get(s) ?? s);
    setRefused(writeField(address, field, refs.length > 0 ? [...new Set(refs)] : undefined));
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} className="input" value={draft} placeholder="names of this ontology or IRIs, comma-separated"
        onChange={(e) => setDraft(e.target.value)} onBlur={() => commit(draft)} onKeyDown={(e) => { if (e.key === 'Enter') commit(draft); }} />
      {refused && <div className="diag ERROR" role="alert">{refused}</div>}
    </div>
  );
}, sameFieldProps);
