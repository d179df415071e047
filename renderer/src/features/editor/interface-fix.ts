/** Which shared properties an object type must carry for the interfaces it implements, and the one-click fix. */
import type { Interface, ObjectType, SharedProperty } from '../../../../core/model';
import { createElement } from '../../../../core/yjs';
import { openSession } from '../../state/session';
import type { ModelIndex } from '../../state/model-index';

/** Shared property ids required by `ot`'s interfaces (directly or through `extends`) that no property realises. */
export function missingSharedProperties(index: ModelIndex, ot: ObjectType): string[] {
  const seen = new Set<string>();
  const required = new Set<string>();
  const stack = [...ot.implements];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const itf = index.get(id);
    if (itf?.kind !== 'interface') continue;
    const v = itf.value as Interface;
    for (const p of v.properties) required.add(p);
    stack.push(...v.extends);
  }
  const realised = new Set(Object.values(ot.properties).map((p) => p.sharedPropertyId).filter(Boolean));
  return [...required].filter((id) => !realised.has(id) && index.get(id)?.kind === 'sharedProperty');
}

/** Add a realising property for each missing shared property, as one undoable step. */
export function addMissingProperties(typeId: string, sharedIds: readonly string[]): void {
  const { doc, index } = openSession();
  doc.transact(() => {
    for (const sid of sharedIds) {
      const sp = index.get(sid)?.value as SharedProperty | undefined;
      if (!sp) continue;
      createElement(doc, {
        kind: 'property', parentId: typeId,
        value: {
          apiName: sp.apiName, displayName: sp.displayName, baseType: sp.baseType, required: sp.required, pii: sp.pii, sharedPropertyId: sid,
          order: 'V', ...(sp.valueTypeId ? { valueTypeId: sp.valueTypeId } : {}),
        },
      });
    }
  }, 'local');
}
