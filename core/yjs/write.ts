/** Writing one field of an element map in place: the single place that knows how each field is stored. */
import * as Y from 'yjs';
import type { ElementKind } from '../model';
import { encodeField } from './encode';
import { cloneJson, jsonEqual } from './json';
import { childKindOf, isSetField, isTextField, type YElement } from './layout';
import { isMemberField, writeMembers } from './members';
import { setText } from './text';

/**
 * Make field `field` of `m` hold `value` (undefined removes it) with the smallest change: a text
 * splice for descriptions, key adds/removes for id sets, nothing for an equal atomic value.
 * Children maps are replaced here; applyOntology diffs them itself.
 */
export function writeField(m: YElement, kind: ElementKind, field: string, value: unknown): void {
  if (isMemberField(field)) {
    writeMembers(m, field, value);
    return;
  }
  const cur = m.get(field);
  if (value === undefined) {
    if (m.has(field)) m.delete(field);
  } else if (isTextField(kind, field) && cur instanceof Y.Text) setText(cur, value as string);
  else if (isSetField(kind, field) && cur instanceof Y.Map) {
    const want = new Set(value as string[]);
    for (const id of [...cur.keys()]) if (!want.has(id)) cur.delete(id);
    for (const id of want) if (!cur.has(id)) cur.set(id, true);
  } else if (isTextField(kind, field) || isSetField(kind, field) || childKindOf(kind, field)) m.set(field, encodeField(kind, field, value));
  else if (!jsonEqual(cur, value)) m.set(field, cloneJson(value));
}
