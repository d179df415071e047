/** Pickers for types and references: base type (primitives, array, struct, vector), value type, id sets. */
import { memo, useCallback, useMemo, useState, type ReactElement } from 'react';
import { PRIMITIVE_TYPES, type BaseType, type TopLevelKind } from '../../../../core/model';
import type { ElementAddress } from '../../../../core/yjs';
import { useElement, useIndex, useKindList } from '../../state/hooks';
import { useUi } from '../../state/ui';
import type { Entry } from '../../state/model-index';
import { filterEntries } from '../../ui/combo-filter';
import { Combobox } from '../../ui/Combobox';
import { sameFieldProps } from './same-props';
import { fieldDomId, writeField } from './write';

const COMPOSITES = ['array', 'struct', 'vector'] as const;

/** How the element pickers read an index entry; module-level so the combobox's filter memo holds. */
export const entryKey = (e: Entry): string => e.id;
export const entryName = (e: Entry): string => (e.value as { apiName: string }).apiName;
export const entryDetail = (e: Entry): string | undefined => (e.value as { displayName?: string }).displayName;

/** The pickers' filter over index entries; reads the labels version when it runs (display names change in place). */
export function useEntryFilter(): (items: readonly Entry[], query: string, skip?: ReadonlySet<string>) => readonly Entry[] {
  const index = useIndex();
  return useCallback((items, query, skip) => filterEntries(items, query, index?.labels ?? 0, skip), [index]);
}

function defaultOf(type: string, firstStruct: string | undefined): BaseType {
  if (type === 'array') return { type: 'array', items: { type: 'string' } };
  if (type === 'vector') return { type: 'vector', dimension: 768 };
  if (type === 'struct') return { type: 'struct', structTypeId: firstStruct ?? '' };
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
  const filter = useEntryFilter();
  const struct = useElement(value.type === 'struct' ? value.structTypeId : undefined);
  return (
    <span style={{ display: 'inline-flex', gap: 4, alignItems: 'center', minWidth: 0 }}>
      <select id={id} className="select" aria-label={label} value={value.type} style={{ width: 'auto' }}
        onChange={(e) => onChange(defaultOf(e.target.value, structs[0]?.id))}>
        <optgroup label="Primitive">{PRIMITIVE_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}</optgroup>
        <optgroup label="Composite">{COMPOSITES.map((t) => <option key={t} value={t}>{t}</option>)}</optgroup>
      </select>
      {value.type === 'vector' && (
        <input className="input" type="number" min={1} max={65536} aria-label={`${label} dimension`} style={{ width: 80 }} value={value.dimension}
          onChange={(e) => onChange({ type: 'vector', dimension: Math.max(1, Math.min(65536, Number(e.target.value) || 1)) })} />
      )}
      {value.type === 'struct' && (
        <span style={{ width: 200 }}>
          <Combobox label={`${label} struct type`} items={structs} keyOf={entryKey} labelOf={entryName} detailOf={entryDetail} filter={filter}
            value={value.structTypeId || undefined} placeholder="no struct type yet"
            display={!value.structTypeId ? '' : struct?.kind === 'structType' ? entryName(struct) : `missing: ${value.structTypeId}`}
            onPick={(key) => { if (key) onChange({ type: 'struct', structTypeId: key }); }} />
        </span>
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

/** A searchable picker over the elements of one kind (value type, object type, struct type…). */
export const RefSelect = memo(function RefSelect({ address, field, kind, value, label, allowNone = '— none —', hideLabel }: {
  address: ElementAddress; field: string; kind: TopLevelKind; value: string | undefined; label: string; allowNone?: string | null; hideLabel?: boolean;
}): ReactElement {
  const list = useKindList(kind);
  const filter = useEntryFilter();
  const current = useElement(value);
  const id = fieldDomId(address, field);
  const [refused, setRefused] = useState<string | null>(null);
  const known = !value || current?.kind === kind;
  const picker = (
    <Combobox id={id} label={label} items={list} keyOf={entryKey} labelOf={entryName} detailOf={entryDetail} filter={filter}
      value={value} display={!value ? '' : known && current ? entryName(current) : `missing: ${value}`} invalid={!known}
      noneLabel={allowNone} placeholder={allowNone ?? '— choose —'}
      onPick={(key) => setRefused(writeField(address, field, key))} />
  );
  if (hideLabel) return <>{picker}{refused && <span className="diag ERROR" role="alert">{refused}</span>}</>;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {picker}
      {refused && <div className="diag ERROR" role="alert">{refused}</div>}
    </div>
  );
}, sameFieldProps);

/** An id set (implements, extends, supertypes…): chips that open the element, × to remove, a picker to add. */
export const IdSetField = memo(function IdSetField({ address, field, kind, value, label, exclude }: {
  address: ElementAddress; field: string; kind: TopLevelKind; value: readonly string[]; label: string; exclude?: string;
}): ReactElement {
  const index = useIndex();
  const list = useKindList(kind);
  const filter = useEntryFilter();
  const openTab = useUi((s) => s.openTab);
  const [refused, setRefused] = useState<string | null>(null);
  const skip = useMemo(() => new Set(exclude === undefined ? value : [...value, exclude]), [value, exclude]);
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
        <Combobox id={fieldDomId(address, field)} label={`Add to ${label}`} items={list} keyOf={entryKey} labelOf={entryName} detailOf={entryDetail}
          filter={filter} skip={skip} value={undefined} display="" placeholder="+ add…"
          onPick={(key) => { if (key) set([...value, key]); }} />
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
