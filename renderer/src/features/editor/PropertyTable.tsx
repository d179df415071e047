/**
 * An object type's properties: drag (or Space + arrows) to reorder, base and value type pickers,
 * primary and title key, required, PII. Reordering writes one order key (core/yjs moveChild).
 */
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { memo, type ReactElement } from 'react';
import { ordered, type ObjectType, type Property } from '../../../../core/model';
import { deleteElement, moveChild } from '../../../../core/yjs';
import type { Diagnostic } from '../../../../core/validate';
import { discrete, openSession } from '../../state/session';
import { useUi } from '../../state/ui';
import { Icon } from '../../ui/icons';
import { Diags, TextField, forField } from './fields';
import { BaseTypePicker, RefSelect } from './pickers';
import { sameFieldProps } from './same-props';
import { fieldDomId, writeField } from './write';

const PII = ['none', 'personal', 'sensitive'] as const;

type TableProps = { typeId: string; path: string; diagnostics: readonly Diagnostic[] } & Pick<ObjectType, 'properties' | 'primaryKey' | 'titleKey'>;

/** Takes only the fields it shows, so typing in the type's names does not re-render the table and its drag context. */
export const PropertyTable = memo(function PropertyTable({ typeId, properties, primaryKey, titleKey, path, diagnostics }: TableProps): ReactElement {
  const rows = ordered(properties);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const onDragEnd = (e: DragEndEvent): void => {
    if (!e.over || e.active.id === e.over.id) return;
    const ids = rows.map(([id]) => id);
    const from = ids.indexOf(String(e.active.id));
    const to = ids.indexOf(String(e.over.id));
    // Dropping on a row puts the dragged one where that row was: after it when moving down.
    const after = to > from ? ids[to] : (ids[to - 1] ?? null);
    discrete(() => moveChild(openSession().doc, { id: String(e.active.id), parentId: typeId }, after ?? null));
  };
  return (
    <>
      {rows.length === 0 ? (
        <p className="muted">No properties yet. Add one with <kbd className="kbd">Alt</kbd> <kbd className="kbd">Shift</kbd> <kbd className="kbd">P</kbd>.</p>
      ) : (
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={rows.map(([id]) => id)} strategy={verticalListSortingStrategy}>
            <table className="table" aria-label="Properties">
              <thead>
                <tr><th style={{ width: 24 }} /><th>API name</th><th>Display name</th><th>Base type</th><th>Value type</th><th title="Primary key">PK</th><th title="Title key">Title</th><th>Req.</th><th>PII</th><th /></tr>
              </thead>
              <tbody>
                {rows.map(([pid, p]) => (
                  <PropertyRow key={pid} typeId={typeId} id={pid} p={p} isPk={primaryKey === pid} isTitle={titleKey === pid}
                    diagnostics={diagnostics.filter((d) => d.path.startsWith(`${path}/properties/${pid}/`) || d.path === `${path}/properties/${pid}`)} path={`${path}/properties/${pid}`} />
                ))}
              </tbody>
            </table>
          </SortableContext>
        </DndContext>
      )}
      <button type="button" className="btn" style={{ marginTop: 8 }} onClick={() => useUi.getState().openDialog({ type: 'addProperty', parentId: typeId })}>
        <Icon name="plus" /> Add property
      </button>
    </>
  );
}, sameFieldProps);

const PropertyRow = memo(function PropertyRow({ typeId, id, p, isPk, isTitle, diagnostics, path }: {
  typeId: string; id: string; p: Property; isPk: boolean; isTitle: boolean; diagnostics: Diagnostic[]; path: string;
}): ReactElement {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id });
  const address = { id, parentId: typeId };
  const top = { id: typeId };
  const rest = diagnostics.filter((d) => d.path !== `${path}/apiName`);
  return (
    <>
      <tr ref={setNodeRef} className={isDragging ? 'dragging' : undefined} style={{ transform: CSS.Transform.toString(transform), transition }} aria-label={`Property ${p.apiName}`}>
        <td><button type="button" className="drag-handle" aria-label={`Reorder ${p.apiName}`} {...attributes} {...listeners}><Icon name="grip" /></button></td>
        <td><TextField address={address} field="apiName" label={`API name of ${p.apiName}`} hideLabel value={p.apiName} mono diagnostics={forField(diagnostics, `${path}/apiName`)} /></td>
        <td><TextField address={address} field="displayName" label={`Display name of ${p.apiName}`} hideLabel value={p.displayName} /></td>
        <td><BaseTypePicker address={address} value={p.baseType} label={`Base type of ${p.apiName}`} /></td>
        <td><RefSelect address={address} field="valueTypeId" kind="valueType" value={p.valueTypeId} label={`Value type of ${p.apiName}`} hideLabel /></td>
        <td><input type="radio" name={`pk-${typeId}`} id={fieldDomId(address, 'primaryKey')} aria-label={`${p.apiName} is the primary key`} checked={isPk} onChange={() => writeField(top, 'primaryKey', id)} /></td>
        <td><input type="radio" name={`title-${typeId}`} aria-label={`${p.apiName} is the title key`} checked={isTitle} onChange={() => writeField(top, 'titleKey', id)} /></td>
        <td><input type="checkbox" id={fieldDomId(address, 'required')} aria-label={`${p.apiName} is required`} checked={p.required} onChange={(e) => writeField(address, 'required', e.target.checked)} /></td>
        <td>
          <select className="select" id={fieldDomId(address, 'pii')} aria-label={`PII of ${p.apiName}`} value={p.pii} onChange={(e) => writeField(address, 'pii', e.target.value)}>
            {PII.map((v) => <option key={v} value={v}>{v}</option>)}
          </select>
        </td>
        <td><button type="button" className="btn ghost icon" aria-label={`Delete property ${p.apiName}`} onClick={() => discrete(() => deleteElement(openSession().doc, address))}><Icon name="trash" /></button></td>
      </tr>
      {rest.length > 0 && <tr><td /><td colSpan={9}><Diags diagnostics={rest} /></td></tr>}
    </>
  );
}, sameFieldProps);
