/** INVALID_API_NAME and DUPLICATE_API_NAME: one walk, names grouped by scope and lower-cased name. */
import { NAME_PATTERNS, NAMING } from './codes';
import { elementPath, type IndexedElement, type ValidationContext } from './context';

export function checkNames(ctx: ValidationContext): void {
  const collisions = new Map<IndexedElement, IndexedElement[]>();
  const topLevel = new Map<string, IndexedElement>();
  // Members of one owner are contiguous in ctx.elements, so one small map per owner and kind suffices
  // (a single map keyed by owner + name would hold every property of a 100k-property ontology).
  let scope = '';
  let members = new Map<string, IndexedElement>();
  for (const e of ctx.elements) {
    if (e.kind === 'actionRule' || e.apiName === undefined) continue;
    const convention = NAMING[e.kind];
    if (!NAME_PATTERNS[convention].test(e.apiName)) {
      ctx.report('INVALID_API_NAME', [...elementPath(e), 'apiName'], `"${e.apiName}" is not ${convention}: ${e.kind} names ${convention === 'PascalCase' ? 'start with an upper-case letter' : 'start with a lower-case letter'} and use only letters and digits`);
    }
    // Members are unique per owner; top-level elements per kind. Case-insensitive because generated
    // code, file names and RDF exports on case-insensitive systems would otherwise collide.
    let seen: Map<string, IndexedElement>;
    let key = e.apiName.toLowerCase();
    if (e.parentId === undefined) {
      seen = topLevel;
      key = `${e.kind}\u0000${key}`;
    } else {
      const owner = `${e.parentId}\u0000${e.kind}`;
      if (owner !== scope) {
        scope = owner;
        members = new Map();
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
