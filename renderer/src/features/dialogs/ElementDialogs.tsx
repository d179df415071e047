/** Create, add-property, rename and delete dialogs: one input, Enter to confirm, Escape to cancel. */
import { useMemo, useState, type FormEvent, type KeyboardEvent, type ReactElement } from 'react';
import { NAME_PATTERNS, NAMING } from '../../../../core/validate';
import type { TopLevelKind } from '../../../../core/model';
import type { Entry } from '../../state/model-index';
import { useElement, useIndex, useKindList } from '../../state/hooks';
import { Combobox } from '../../ui/Combobox';
import { entryDetail, entryKey, entryName, useEntryFilter } from '../editor/pickers';
import { useUi } from '../../state/ui';
import { Modal } from '../../ui/Modal';
import { KIND_LABEL } from '../../ui/icons';
import { addProperty, createObjectType, createTopLevel, referencesTo, remove, rename } from '../elements/ops';
import { describeError } from '../../backend/client';

function nameHint(kind: keyof typeof NAMING, name: string): string | null {
  const convention = NAMING[kind];
  return name && !NAME_PATTERNS[convention].test(name) ? `${KIND_LABEL[kind as TopLevelKind]?.one ?? 'Member'} names are ${convention} (INVALID_API_NAME otherwise).` : null;
}

/** Browsers submit a form on Enter only from text inputs; in a dialog of pickers Enter should confirm too. */
function submitOnEnterInSelect(e: KeyboardEvent<HTMLFormElement>): void {
  if (e.key === 'Enter' && e.target instanceof HTMLSelectElement) {
    e.preventDefault();
    e.currentTarget.requestSubmit();
  }
}

/**
 * One end of a new link type: the editors' searchable picker (a native select over every object type
 * of a 50k workspace built 50k options each time the dialog opened). Enter picks the highlighted
 * type; Enter again, with the list closed, creates the link.
 */
function EndPicker({ id, label, types, value, onPick }: { id: string; label: string; types: readonly Entry[]; value: string; onPick: (id: string) => void }): ReactElement {
  const current = useElement(value || undefined);
  const filter = useEntryFilter();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <Combobox id={id} label={label} items={types} keyOf={entryKey} labelOf={entryName} detailOf={entryDetail} filter={filter}
        value={value || undefined} display={current ? entryName(current) : ''} placeholder="— choose —"
        onPick={(key) => { if (key) onPick(key); }} />
    </div>
  );
}

export function CreateDialog({ kind }: { kind: TopLevelKind }): ReactElement {
  const close = () => useUi.getState().openDialog(null);
  const [name, setName] = useState('');
  const types = useKindList('objectType');
  const [from, setFrom] = useState(types[0]?.id ?? '');
  const [to, setTo] = useState(types[1]?.id ?? types[0]?.id ?? '');
  const [cardinality, setCardinality] = useState('MANY_TO_ONE');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!name.trim()) return setError('Give it an API name first.');
    try {
      const id = kind === 'objectType' ? createObjectType(name.trim())
        : kind === 'linkType' ? createTopLevel(kind, name.trim(), { fromObjectTypeId: from, toObjectTypeId: to, cardinality })
          : createTopLevel(kind, name.trim());
      close();
      useUi.getState().openTab(id);
    } catch (err) {
      const d = describeError(err);
      setError(`${d.code}: ${d.message}`);
    }
  };
  const hint = nameHint(kind, name);
  return (
    <Modal open onClose={close} title={`New ${KIND_LABEL[kind].one.toLowerCase()}`}>
      <form onSubmit={submit} onKeyDown={submitOnEnterInSelect}>
        <div className="field">
          <label htmlFor="create-name">API name</label>
          <input id="create-name" className="input mono" autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder={NAMING[kind] === 'PascalCase' ? 'e.g. Flight' : 'e.g. aircraft'} />
          {hint && <div className="diag WARN">{hint}</div>}
        </div>
        {kind === 'linkType' && (
          <>
            <EndPicker id="create-from" label="From object type" types={types} value={from} onPick={setFrom} />
            <EndPicker id="create-to" label="To object type" types={types} value={to} onPick={setTo} />
            <div className="field">
              <label htmlFor="create-cardinality">Cardinality</label>
              <select id="create-cardinality" className="select" value={cardinality} onChange={(e) => setCardinality(e.target.value)}>
                {['ONE_TO_ONE', 'ONE_TO_MANY', 'MANY_TO_ONE', 'MANY_TO_MANY'].map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            </div>
            {types.length === 0 && <div className="diag WARN">Create object types first: a link joins two of them.</div>}
          </>
        )}
        {error && <div className="diag ERROR" role="alert">{error}</div>}
        <div className="buttons">
          <button type="button" className="btn" onClick={close}>Cancel</button>
          <button type="submit" className="btn primary">Create</button>
        </div>
      </form>
    </Modal>
  );
}

export function AddPropertyDialog({ parentId }: { parentId: string }): ReactElement {
  const close = () => useUi.getState().openDialog(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!name.trim()) return setError('Give it an API name first.');
    try {
      const id = addProperty(parentId, name.trim());
      close();
      useUi.getState().focusField({ id, parentId, field: 'apiName' });
    } catch (err) {
      const d = describeError(err);
      setError(`${d.code}: ${d.message}`);
    }
  };
  const hint = nameHint('property', name);
  return (
    <Modal open onClose={close} title="Add property">
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="property-name">API name</label>
          <input id="property-name" className="input mono" autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. departureTime" />
          {hint && <div className="diag WARN">{hint}</div>}
        </div>
        {error && <div className="diag ERROR" role="alert">{error}</div>}
        <div className="buttons">
          <button type="button" className="btn" onClick={close}>Cancel</button>
          <button type="submit" className="btn primary">Add</button>
        </div>
      </form>
    </Modal>
  );
}

export function RenameDialog({ id }: { id: string }): ReactElement {
  const close = () => useUi.getState().openDialog(null);
  const index = useIndex();
  const entry = index?.get(id);
  const [name, setName] = useState((entry?.value as { apiName?: string } | undefined)?.apiName ?? '');
  const [error, setError] = useState<string | null>(null);
  const refs = useMemo(() => (index ? referencesTo(index, id).length : 0), [index, id]);
  if (!entry) return <Modal open onClose={close} title="Rename"><p>The element is gone.</p></Modal>;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    try {
      rename(entry, name.trim());
      close();
    } catch (err) {
      const d = describeError(err);
      setError(`${d.code}: ${d.message}`);
    }
  };
  return (
    <Modal open onClose={close} title={`Rename ${(entry.value as { apiName: string }).apiName}`}
      description={refs > 0 ? `${refs} reference${refs === 1 ? '' : 's'} point${refs === 1 ? 's' : ''} at it by id and follow the new name.` : undefined}>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="rename-name">New API name</label>
          <input id="rename-name" className="input mono" autoFocus value={name} onChange={(e) => setName(e.target.value)} onFocus={(e) => e.target.select()} />
          {nameHint(entry.kind, name) && <div className="diag WARN">{nameHint(entry.kind, name)}</div>}
        </div>
        {error && <div className="diag ERROR" role="alert">{error}</div>}
        <div className="buttons">
          <button type="button" className="btn" onClick={close}>Cancel</button>
          <button type="submit" className="btn primary">Rename</button>
        </div>
      </form>
    </Modal>
  );
}

export function DeleteDialog({ id }: { id: string }): ReactElement {
  const close = () => useUi.getState().openDialog(null);
  const index = useIndex();
  const entry = index?.get(id);
  const refs = useMemo(() => (index ? referencesTo(index, id) : []), [index, id]);
  if (!entry) return <Modal open onClose={close} title="Delete"><p>The element is gone.</p></Modal>;
  const name = (entry.value as { apiName: string }).apiName;
  return (
    <Modal open onClose={close} title={`Delete ${name}?`}
      description={refs.length === 0 ? 'Nothing references it. You can undo this.' : `${refs.length} reference${refs.length === 1 ? '' : 's'} will dangle (DANGLING_REFERENCE) until you fix them. You can undo this.`}>
      {refs.length > 0 && (
        <ul aria-label="References" style={{ maxHeight: 220, overflow: 'auto', paddingLeft: 18 }}>
          {refs.slice(0, 200).map((r, i) => (
            <li key={i}><strong>{(r.from.value as { apiName: string }).apiName}</strong> <span className="muted mono">{r.path}</span></li>
          ))}
        </ul>
      )}
      <div className="buttons">
        <button type="button" className="btn" autoFocus onClick={close}>Cancel</button>
        <button type="button" className="btn danger" onClick={() => { remove(id); useUi.getState().closeTab(id); close(); }}>Delete {name}</button>
      </div>
    </Modal>
  );
}
