/** INVALID_API_NAME and DUPLICATE_API_NAME: one walk, names grouped by scope and lower-cased name. */
import { NAME_PATTERNS, NAMING } from './codes';
import { elementPath, type IndexedElement, type ValidationContext } from './context';

export function checkNames(ctx: ValidationContext): void {
  const collisions = new Map<IndexedElement, IndexedElement[]>();
  /** Top-level elements by kind, then lower-cased name. */
  const topLevel = new Map<string, Map<string, IndexedElement>>();
  // Members of one owner are contiguous in ctx.elements, so one map, emptied when the owner or kind
  // changes, suffices (a single map keyed by owner + name would hold every property of a
  // 100k-property ontology, and a key string or a map per owner costs an allocation per element).
  let scopeOwner: string | undefined;
  let scopeKind = '';
  const members = new Map<string, IndexedElement>();
  for (const e of ctx.elements) {
    if (e.kind === 'actionRule' || e.apiName === undefined) continue;
    const convention = NAMING[e.kind];
    if (!NAME_PATTERNS[convention].test(e.apiName)) {
      ctx.report('INVALID_API_NAME', [...elementPath(e), 'apiName'], `"${e.apiName}" is not ${convention}: ${e.kind} names ${convention === 'PascalCase' ? 'start with an upper-case letter' : 'start with a lower-case letter'} and use only letters and digits`);
    }
    // Members are unique per owner; top-level elements per kind. Case-insensitive because generated
    // code, file names and RDF exports on case-insensitive systems would otherwise collide.
    let seen: Map<string, IndexedElement>;
    const key = e.apiName.toLowerCase();
    if (e.parentId === undefined) {
      let ofKind = topLevel.get(e.kind);
      if (!ofKind) topLevel.set(e.kind, (ofKind = new Map()));
      seen = ofKind;
    } else {
      if (e.parentId !== scopeOwner || e.kind !== scopeKind) {
        scopeOwner = e.parentId;
        scopeKind = e.kind;
        members.clear();
      }
      seen = members;
    }
    const earlier = seen.get(key);
    if (!earlier) seen.set(key, e);
    else collisions.set(earlier, [...(collisions.get(earlier) ?? [earlier]), e]);
  }
  for (const group of collisions.values()) {
    for (const member of group) {
      const others = group.filter((g) => g !== member);
      const list = others.map((g) => `"${g.apiName}" at ${elementPath(g).join('/')}`).join(', ');
      const caseOnly = others.every((g) => g.apiName !== member.apiName);
      ctx.report('DUPLICATE_API_NAME', [...elementPath(member), 'apiName'], `apiName "${member.apiName}" ${caseOnly ? 'differs only in case from' : 'is also used by'} ${list}`);
    }
  }
}
