/** Fixes for diagnostics whose repair is known: each is one undoable local edit. */
import type { Diagnostic } from '../../../../core/validate';
import type { ObjectType } from '../../../../core/model';
import { createElement, setField } from '../../../../core/yjs';
import { newId } from '../../../../core/model';
import { openSession } from '../../state/session';
import type { ModelIndex } from '../../state/model-index';
import { addMissingProperties, missingSharedProperties } from '../editor/interface-fix';

export interface QuickFix {
  label: string;
  apply: () => void;
}

function toCase(name: string, pascal: boolean): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((w, i) => (i === 0 && !pascal ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('');
  const safe = /^[A-Za-z]/.test(joined) ? joined : `x${joined}`;
  return pascal ? safe[0]!.toUpperCase() + safe.slice(1) : safe[0]!.toLowerCase() + safe.slice(1);
}

export function quickFixFor(d: Diagnostic, index: ModelIndex): QuickFix | null {
  const [collection, id, field, childId] = d.path.split('/');
  if (!id) return null;
  const entry = index.get(id);
  if (!entry) return null;
  const doc = () => openSession().doc;
  const ot = entry.kind === 'objectType' ? (entry.value as ObjectType) : undefined;
  switch (d.code) {
    case 'MISSING_PRIMARY_KEY':
      if (!ot) return null;
      return {
        label: 'Add an “id” primary key',
        apply: () => {
          const existing = Object.entries(ot.properties).find(([, p]) => p.apiName === 'id');
          doc().transact(() => {
            const pk = existing?.[0] ?? createElement(doc(), { kind: 'property', parentId: id, id: newId(), value: { apiName: 'id', displayName: 'ID', baseType: { type: 'string' }, required: true, order: 'V' } });
            setField(doc(), { id }, 'primaryKey', pk);
          }, 'local');
        },
      };
    case 'PRIMARY_KEY_NOT_REQUIRED':
      if (!ot?.primaryKey) return null;
      return { label: 'Mark the primary key required', apply: () => setField(doc(), { id: ot.primaryKey as string, parentId: id }, 'required', true) };
    case 'TITLE_KEY_MISSING':
      if (!ot?.primaryKey) return null;
      return { label: 'Use the primary key as title', apply: () => setField(doc(), { id }, 'titleKey', ot.primaryKey) };
    case 'INTERFACE_PROPERTY_MISSING': {
      if (!ot) return null;
      const missing = missingSharedProperties(index, ot);
      return missing.length === 0 ? null : { label: `Add ${missing.length} missing propert${missing.length === 1 ? 'y' : 'ies'}`, apply: () => addMissingProperties(id, missing) };
    }
    case 'INVALID_API_NAME': {
      const nested = collection && childId && field;
      const value = nested
        ? ((entry.value as unknown as Record<string, Record<string, { apiName?: string }>>)[field]?.[childId]?.apiName)
        : (entry.value as { apiName: string }).apiName;
      if (!value) return null;
      const pascal = !nested && entry.kind !== 'linkType' && entry.kind !== 'sharedProperty';
      const fixed = toCase(value, pascal);
      if (fixed === value) return null;
      return { label: `Rename to ${fixed}`, apply: () => setField(doc(), nested ? { id: childId, parentId: id } : { id }, 'apiName', fixed) };
    }
    default:
      return null;
  }
}
