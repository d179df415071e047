/**
 * Which element a diagnostic path points into, so the CLI can print `Flight.status` next to the path
 * and the editor can select the element. Works on paths of any depth and on ids that no longer exist.
 */
import { COLLECTIONS, KIND_OF_COLLECTION, NESTED, type Collection, type ElementKind, type Ontology } from '../model';

export interface PathElement {
  kind: ElementKind;
  id: string;
  /** Owner id for nested elements. */
  parentId?: string;
  /** `Flight` or `Flight.status`; ids stand in for missing apiNames. */
  label: string;
}

const isCollection = (s: string | undefined): s is Collection => (COLLECTIONS as readonly string[]).includes(s ?? '');

const apiNameOf = (value: unknown): string | undefined => {
  const name = (value as { apiName?: unknown } | undefined)?.apiName;
  return typeof name === 'string' ? name : undefined;
};

export function elementAtPath(o: Ontology, path: string): PathElement | undefined {
  const [collection, id, field, childId] = path.split('/');
  if (!isCollection(collection) || id === undefined) return undefined;
  const kind = KIND_OF_COLLECTION[collection];
  const records = o[collection] as Record<string, unknown>;
  const top = Object.hasOwn(records, id) ? records[id] : undefined;
  const topLabel = apiNameOf(top) ?? id;
  const childKind = field !== undefined ? NESTED[kind]?.[field] : undefined;
  if (childKind === undefined || childId === undefined) return { kind, id, label: topLabel };
  const children = (top as Record<string, Record<string, unknown>> | undefined)?.[field as string];
  const child = children && Object.hasOwn(children, childId) ? children[childId] : undefined;
  return { kind: childKind, id: childId, parentId: id, label: `${topLabel}.${apiNameOf(child) ?? childId}` };
}
