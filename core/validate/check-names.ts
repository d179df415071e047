/** INVALID_API_NAME and DUPLICATE_API_NAME: one walk, names grouped by scope and lower-cased name. */
import { allElements } from '../model';
import { NAME_PATTERNS, NAMING } from './codes';
import type { ValidationContext } from './context';

interface Named {
  path: string[];
  apiName: string;
}

export function checkNames(ctx: ValidationContext): void {
  const groups = new Map<string, Named[]>();
  for (const e of allElements(ctx.ontology)) {
    if (e.kind === 'actionRule' || e.apiName === undefined) continue;
    const convention = NAMING[e.kind];
    const path = [...e.path, 'apiName'];
    if (!NAME_PATTERNS[convention].test(e.apiName)) {
      ctx.report('INVALID_API_NAME', path, `"${e.apiName}" is not ${convention}: ${e.kind} names ${convention === 'PascalCase' ? 'start with an upper-case letter' : 'start with a lower-case letter'} and use only letters and digits`);
    }
    // Members are unique per owner; top-level elements per kind. Case-insensitive because generated
    // code, file names and RDF exports on case-insensitive systems would otherwise collide.
    const scope = e.parentId === undefined ? e.kind : `${e.parentId}\u0000${e.kind}`;
    const key = `${scope}\u0000${e.apiName.toLowerCase()}`;
    const group = groups.get(key);
    if (group) group.push({ path, apiName: e.apiName });
    else groups.set(key, [{ path, apiName: e.apiName }]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    for (const member of group) {
      const others = group.filter((g) => g !== member);
      const list = others.map((g) => `"${g.apiName}" at ${g.path.slice(0, -1).join('/')}`).join(', ');
      const caseOnly = others.every((g) => g.apiName !== member.apiName);
      ctx.report('DUPLICATE_API_NAME', member.path, `apiName "${member.apiName}" ${caseOnly ? 'differs only in case from' : 'is also used by'} ${list}`);
    }
  }
}
