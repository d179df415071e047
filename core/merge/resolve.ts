/** Writing a chosen resolution into the draft, per conflict code. */
import { OmsError } from '../errors';
import { isRecord, recordAt } from '../diff/values';
import { resolveCycle } from './cycles';
import type { Draft } from './draft';
import { referencesOf } from './references';
import type { Conflict, Resolution, RuleContext, Side } from './types';

export class MergeError extends OmsError {}

/** The value a resolution puts at the conflict's slot (for slot-shaped conflicts). */
export function chosenValue(c: Conflict, r: Resolution): unknown {
  switch (r.pick) {
    case 'ours': return c.ours;
    case 'theirs': return c.theirs;
    case 'base': return c.base;
    case 'custom': return r.value;
  }
}

export function checkResolution(c: Conflict, r: Resolution): void {
  if (!c.candidates.includes(r.pick)) {
    throw new MergeError('MERGE_RESOLUTION_INVALID', `conflict ${c.id} (${c.code}) cannot be resolved with "${r.pick}"; it accepts ${c.candidates.join(', ')}`, { conflictId: c.id, pick: r.pick });
  }
  if (r.pick !== 'custom') return;
  if (c.code === 'DELETE_MODIFY' && r.value !== undefined && !isRecord(r.value)) {
    throw new MergeError('MERGE_RESOLUTION_INVALID', `conflict ${c.id}: a custom value for a deleted/modified element must be an element object`, { conflictId: c.id });
  }
  if (c.code === 'APINAME_COLLISION') {
    const ok = isRecord(r.value) && Object.values(r.value).every((v) => typeof v === 'string' && v.length > 0);
    if (!ok) throw new MergeError('MERGE_RESOLUTION_INVALID', `conflict ${c.id}: a custom collision resolution maps element ids to new apiNames`, { conflictId: c.id });
  }
}

const other = (s: Side): Side => (s === 'ours' ? 'theirs' : 'ours');

function resolveCollision(draft: Draft, c: Conflict, r: Resolution, ctx: RuleContext): void {
  const elements = c.elements ?? [];
  if (r.pick === 'custom') {
    const names = r.value as Record<string, string>;
    for (const e of elements) {
      const name = names[e.path.at(-1) as string];
      if (name !== undefined && draft.has(e.path)) draft.set([...e.path, 'apiName'], name);
    }
    return;
  }
  const loser = other(r.pick as Side);
  for (const e of elements) {
    if (e.side !== loser || !draft.has(e.path)) continue;
    const baseName = recordAt(ctx.base, e.path)?.apiName;
    // The losing side gives up its name: a renamed element gets its old name back, a new one is dropped.
    if (typeof baseName === 'string') draft.set([...e.path, 'apiName'], baseName);
    else draft.set(e.path, undefined);
  }
}

function resolveDangling(draft: Draft, c: Conflict, r: Resolution, ctx: RuleContext): void {
  const target = c.target;
  if (!target) return;
  const element = draft.get(c.elementPath);
  if (!isRecord(element)) return;
  if (r.pick === target.deletedBy) {
    // The deletion stands: drop the reference (and the element, when it cannot live without it).
    const kind = c.kind === 'ontology' ? undefined : c.kind;
    if (!kind) return;
    const ref = referencesOf(kind, element).find((x) => x.target === target.id && x.field.join('/') === c.field);
    if (!ref) return;
    if (ref.required) draft.set(c.elementPath, undefined);
    else if (ref.inArray) {
      const list = element[ref.field[0] as string];
      draft.set([...c.elementPath, ...ref.field], Array.isArray(list) ? list.filter((x) => x !== target.id) : list);
    } else draft.set([...c.elementPath, ...ref.field], undefined);
    return;
  }
  // The reference stands: bring the deleted target back from the side that kept it.
  const keeper = target.deletedBy === 'ours' ? ctx.theirs : ctx.ours;
  if (draft.has(target.path)) return;
  if (target.path.length > 2 && !draft.has(target.path.slice(0, 2))) draft.set(target.path.slice(0, 2), recordAt(keeper, target.path.slice(0, 2)));
  else draft.set(target.path, recordAt(keeper, target.path));
}

/** Apply one resolution to the draft. */
export function applyResolution(draft: Draft, c: Conflict, r: Resolution, ctx: RuleContext): void {
  switch (c.code) {
    case 'APINAME_COLLISION': return resolveCollision(draft, c, r, ctx);
    case 'DANGLING_REFERENCE': return resolveDangling(draft, c, r, ctx);
    case 'MOVE_CONFLICT':
      // Keep the element where the chosen side has it; drop the other side's placements.
      for (const p of c.placements ?? []) {
        if (!(c.placements ?? []).some((q) => q.side === r.pick && q.path.join('/') === p.path.join('/'))) draft.set(p.path, undefined);
      }
      return;
    case 'DELETE_MODIFY':
      draft.set(c.path, chosenValue(c, r));
      return;
    case 'CYCLE_CONFLICT':
      return resolveCycle(draft, c, r.pick as Side);
    default:
      // Field slots live inside an element that may have been removed by an earlier resolution.
      if (c.elementPath.length === 0 || draft.has(c.elementPath)) draft.set(c.path, chosenValue(c, r));
  }
}
