/**
 * The object type hierarchy (rules in core/model/hierarchy.ts): supertype references and cycles,
 * what a subtype inherits (conflicting and shadowed properties, the primary key), equivalence and
 * disjointness references, and subPropertyOf references of properties, shared properties and links.
 */
import { isIriRef, type ObjectType, type Property } from '../model';
import { sameBaseType } from './base-types';
import type { Path, ValidationContext } from './context';
import { findCycles } from './cycles';

/** Lower-cased apiName, id and value of each type's own properties, computed once per type. */
class LowerNames {
  private readonly memo = new Map<string, Array<[string, string, Property]>>();
  /** Types owning a property whose (lower-cased) name another type's property has too. */
  private readonly sharing = new Set<string>();

  constructor(private readonly ctx: ValidationContext) {
    const owners = new Map<string, string[]>();
    for (const [id, ot] of ctx.objectTypes) {
      for (const pid in ot.properties) {
        const name = (ot.properties[pid] as Property).apiName.toLowerCase();
        const list = owners.get(name);
        if (!list) owners.set(name, [id]);
        else if (list[list.length - 1] !== id) list.push(id);
      }
    }
    for (const list of owners.values()) if (list.length > 1) for (const id of list) this.sharing.add(id);
  }

  sharesName(id: string): boolean {
    return this.sharing.has(id);
  }

  of(id: string): Array<[string, string, Property]> {
    let out = this.memo.get(id);
    if (!out) {
      out = Object.entries(this.ctx.objectTypes.get(id)?.properties ?? {}).map(([pid, p]) => [p.apiName.toLowerCase(), pid, p]);
      this.memo.set(id, out);
    }
    return out;
  }
}

export function checkHierarchy(ctx: ValidationContext): void {
  const h = ctx.hierarchy;
  const names = new LowerNames(ctx);
  const sharing = new Map<string, number>();
  // Paths are built only for references that need a report (this loop runs for every type of a 45k-class import).
  const needsReport = (ref: string, sourceId: string): boolean => !ctx.objectTypes.has(ref) || (ctx.isDeprecated(ref) && !ctx.isDeprecated(sourceId));
  for (const [id, ot] of ctx.objectTypes) {
    ot.supertypes?.forEach((s, i) => {
      if (s !== id && needsReport(s, id)) ctx.resolve(ctx.objectTypes, 'objectType', s, ['objectTypes', id, 'supertypes', String(i)], id);
    });
    for (const field of ['equivalentTo', 'disjointWith'] as const) {
      ot[field]?.forEach((ref, i) => {
        if (!isIriRef(ref) && needsReport(ref, id)) ctx.resolve(ctx.objectTypes, 'objectType', ref, ['objectTypes', id, field, String(i)], id);
      });
    }
    if (ot.disjointWith) checkDisjoint(ctx, id, ot);
    for (const pid in ot.properties) {
      const p = ot.properties[pid] as Property;
      if (p.subPropertyOf) checkSubPropertyOf(ctx, p.subPropertyOf, ['objectTypes', id, 'properties', pid], pid, 'property');
    }
    if (ot.supertypes === undefined || h.parents(id).length === 0) continue;
    // A conflict or a shadowing needs two types on the way up that own a name some other type owns
    // too. Counted bottom-up (capped at 2; a diamond may count an ancestor twice, which only costs a
    // full check), so a deep chain is not walked once per type.
    if (h.foldUp(id, sharing, (t, parents) => Math.min(2, (names.sharesName(t) ? 1 : 0) + parents.reduce((a, b) => a + b, 0))) >= 2) {
      checkInherited(ctx, id, ot, names);
    }
    checkPrimaryKey(ctx, id, ot);
  }
  for (const [id, sp] of ctx.sharedProperties) if (sp.subPropertyOf) checkSubPropertyOf(ctx, sp.subPropertyOf, ['sharedProperties', id], id, 'property');
  for (const [id, lt] of ctx.linkTypes) if (lt.subPropertyOf) checkSubPropertyOf(ctx, lt.subPropertyOf, ['linkTypes', id], id, 'linkType');
  // Self-loops count as cycles here (parents() hides them, as inheritance ignores them).
  const successors = (id: string): readonly string[] => (ctx.objectTypes.get(id)?.supertypes ?? []).filter((s) => ctx.objectTypes.has(s));
  for (const cycle of findCycles(ctx.objectTypes.keys(), successors)) {
    const first = cycle[0] as string;
    ctx.report('SUPERTYPE_CYCLE', ['objectTypes', first, 'supertypes'], `object type inheritance cycle: ${cycle.map((c) => ctx.name(c)).join(' → ')}`);
  }
}

/** Properties the type gets from different ancestors (or declares again) under one apiName. */
function checkInherited(ctx: ValidationContext, id: string, ot: ObjectType, names: LowerNames): void {
  const h = ctx.hierarchy;
  const own = new Map(names.of(id).map(([name, pid]) => [name, pid]));
  const inherited = new Map<string, { pid: string; ownerId: string }>();
  const reported = new Set<string>();
  for (const ancestor of h.ancestors(id)) {
    for (const [name, pid, p] of names.of(ancestor)) {
      const ownPid = own.get(name);
      if (ownPid !== undefined && !reported.has(ownPid)) {
        reported.add(ownPid);
        ctx.report('PROPERTY_SHADOWS_INHERITED', ['objectTypes', id, 'properties', ownPid, 'apiName'],
          `${ot.apiName}.${ot.properties[ownPid]?.apiName} redeclares ${p.apiName}, which it inherits from ${ctx.name(ancestor)}; remove it or rename it`);
        continue;
      }
      const first = inherited.get(name);
      if (!first) {
        inherited.set(name, { pid, ownerId: ancestor });
        continue;
      }
      const firstProp = ctx.objectTypes.get(first.ownerId)?.properties[first.pid];
      if (first.pid === pid || !firstProp || sameBaseType(firstProp.baseType, p.baseType) || reported.has(name)) continue;
      reported.add(name);
      ctx.report('INHERITED_PROPERTY_CONFLICT', ['objectTypes', id, 'supertypes'],
        `${ot.apiName} inherits ${p.apiName} as ${ctx.typeLabel(firstProp.baseType)} from ${ctx.name(first.ownerId)} and as ${ctx.typeLabel(p.baseType)} from ${ctx.name(ancestor)}`);
    }
  }
}

function checkPrimaryKey(ctx: ValidationContext, id: string, ot: ObjectType): void {
  const pk = ctx.hierarchy.primaryKey(id);
  const names = pk.inherited.map((k) => ctx.name(k)).join(', ');
  if (pk.inherited.length > 1) {
    ctx.report('SUBTYPE_PRIMARY_KEY_CONFLICT', ['objectTypes', id, 'supertypes'], `the supertypes of ${ot.apiName} have different primary keys (${names}); a type has one key`);
  } else if (pk.declared && pk.inherited.length === 1 && pk.inherited[0] !== pk.propertyId) {
    ctx.report('SUBTYPE_PRIMARY_KEY_CONFLICT', ['objectTypes', id, 'primaryKey'], `${ot.apiName} declares primary key ${ctx.name(pk.propertyId as string)} but inherits ${names}; remove it (the inherited key applies)`);
  }
}

/** Disjoint with itself, an ancestor or a descendant: someone has no possible objects. */
function checkDisjoint(ctx: ValidationContext, id: string, ot: ObjectType): void {
  ot.disjointWith?.forEach((other, i) => {
    if (isIriRef(other) || !ctx.objectTypes.has(other)) return;
    const h = ctx.hierarchy;
    const how = other === id ? 'itself' : h.isSubtypeOf(id, other) ? `its supertype ${ctx.name(other)}` : h.isSubtypeOf(other, id) ? `its subtype ${ctx.name(other)}` : undefined;
    if (how) ctx.report('DISJOINT_WITH_RELATED', ['objectTypes', id, 'disjointWith', String(i)], `${ot.apiName} is declared disjoint with ${how}, so ${other === id || h.isSubtypeOf(id, other) ? ot.apiName : ctx.name(other)} can have no objects`);
  });
}

/**
 * subPropertyOf entries that are ids must name an element of the same family: properties and shared
 * properties (data properties) for those, link types (object properties) for links.
 */
function checkSubPropertyOf(ctx: ValidationContext, refs: readonly string[] | undefined, path: Path, sourceId: string, family: 'property' | 'linkType'): void {
  refs?.forEach((ref, i) => {
    if (isIriRef(ref)) return;
    const at = [...path, 'subPropertyOf', String(i)];
    if (family === 'linkType') ctx.resolve(ctx.linkTypes, 'linkType', ref, at, sourceId);
    else if (!ctx.sharedProperties.has(ref)) ctx.resolveMember('property', ref, at, sourceId);
  });
}
