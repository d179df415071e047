/**
 * One normalised view of an ontology for all code generators (JSON Schema, GraphQL, OpenAPI,
 * TypeScript): unique type names in one namespace, fields per object type with interface fields
 * taken from the shared property (so implementations match their interfaces exactly), and link
 * fields on both ends with the list/single shape their cardinality implies.
 *
 * Type hierarchy (core/model/hierarchy.ts): `fields` are a type's effective fields (inherited ones
 * included, for targets that flatten, like GraphQL), `ownFields` what it adds to its supertypes
 * (for targets that compose, like JSON Schema `allOf` and TypeScript `extends`).
 */
import { TypeHierarchy, ordered, type Annotations, type BaseType, type Cardinality, type Constraints, type Ontology, type Property } from '../model';
import { camelName, NameScope, pascalName } from './names';

export interface FieldSpec {
  name: string;
  baseType: BaseType;
  /** Value type id whose constraints apply. */
  valueTypeId?: string;
  required: boolean;
  description: string;
  isKey: boolean;
  annotations?: Annotations;
}

export interface LinkFieldSpec {
  name: string;
  linkTypeId: string;
  targetTypeId: string;
  many: boolean;
  description: string;
  /** Declared on a supertype (the link's end), reached through the hierarchy. */
  inherited?: true;
}

export interface TypeSpec {
  id: string;
  name: string;
  description: string;
  fields: FieldSpec[];
  links: LinkFieldSpec[];
  /** Interface ids, transitively closed over `extends`, inherited ones included. */
  implements: string[];
  /** Direct supertypes (ids of object types that exist), in name order. */
  supertypes: string[];
  /** Whether some object type has this one as a supertype. */
  hasSubtypes: boolean;
  /** The fields this type adds to those of its supertypes (all of `fields` when it has none). */
  ownFields: FieldSpec[];
  annotations?: Annotations;
}

export interface InterfaceSpec {
  id: string;
  name: string;
  description: string;
  fields: FieldSpec[];
  /** Transitively extended interface ids. */
  extends: string[];
  annotations?: Annotations;
}

export interface CodegenModel {
  o: Ontology;
  types: TypeSpec[];
  interfaces: InterfaceSpec[];
  /** Type name by element id (object types, interfaces, value types, struct types). */
  names: Map<string, string>;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const byName = <T extends { apiName: string }>(entries: Array<[string, T]>): Array<[string, T]> =>
  entries.sort(([ia, a], [ib, b]) => (a.apiName < b.apiName ? -1 : a.apiName > b.apiName ? 1 : ia < ib ? -1 : 1));

/** The "many" end reads a list: from → to is a list unless each `from` has at most one `to`. */
export function linkShape(c: Cardinality): { forwardMany: boolean; reverseMany: boolean } {
  return { forwardMany: c === 'ONE_TO_MANY' || c === 'MANY_TO_MANY', reverseMany: c === 'MANY_TO_ONE' || c === 'MANY_TO_MANY' };
}

function closure(start: readonly string[], next: (id: string) => readonly string[]): string[] {
  const out = new Set<string>();
  const stack = [...start];
  while (stack.length) {
    const id = stack.pop() as string;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...next(id));
  }
  return [...out].sort();
}

export function buildCodegenModel(o: Ontology, reserved: readonly string[]): CodegenModel {
  const scope = new NameScope(reserved);
  const names = new Map<string, string>();
  const claim = (id: string, apiName: string) => names.set(id, scope.claim(IDENT.test(apiName) ? apiName : pascalName(apiName)));
  for (const [id, e] of byName(Object.entries(o.objectTypes))) claim(id, e.apiName);
  for (const [id, e] of byName(Object.entries(o.interfaces))) claim(id, e.apiName);
  for (const [id, e] of byName(Object.entries(o.structTypes))) claim(id, e.apiName);
  for (const [id, e] of byName(Object.entries(o.valueTypes))) claim(id, e.apiName);

  const extendsOf = (id: string) => (o.interfaces[id]?.extends ?? []).filter((x) => o.interfaces[x]);
  const fieldName = (n: string) => (IDENT.test(n) ? n : camelName(n));

  const interfaces: InterfaceSpec[] = byName(Object.entries(o.interfaces)).map(([id, itf]) => {
    const ext = closure(extendsOf(id), extendsOf);
    const fields = new NameScope();
    const specs: FieldSpec[] = [];
    for (const sid of closure([id, ...ext], () => []).flatMap((i) => o.interfaces[i]?.properties ?? [])) {
      const sp = o.sharedProperties[sid];
      if (!sp || specs.some((f) => f.name === sp.apiName)) continue;
      specs.push({ name: fields.claim(fieldName(sp.apiName)), baseType: sp.baseType, ...(sp.valueTypeId ? { valueTypeId: sp.valueTypeId } : {}), required: sp.required, description: sp.description, isKey: false, ...notes(sp.annotations) });
    }
    return { id, name: names.get(id) as string, description: itf.description, fields: specs, extends: ext.filter((x) => x !== id), ...notes(itf.annotations) };
  });
  const interfaceById = new Map(interfaces.map((i) => [i.id, i]));

  const h = new TypeHierarchy(o.objectTypes);
  const types: TypeSpec[] = byName(Object.entries(o.objectTypes)).map(([id, ot]) => {
    // Without supertypes exactly the pre-hierarchy path, so existing outputs stay byte-identical.
    const inherits = h.parents(id).length > 0;
    const impl = closure((inherits ? h.interfaces(id) : ot.implements).filter((i) => o.interfaces[i]), extendsOf);
    const scopeF = new NameScope();
    const fields: FieldSpec[] = [];
    const sharedDone = new Set<string>();
    // Interface fields first, exactly as the interface declares them.
    for (const iid of impl) {
      for (const f of interfaceById.get(iid)?.fields ?? []) {
        if (sharedDone.has(f.name)) continue;
        sharedDone.add(f.name);
        fields.push({ ...f, name: scopeF.claim(f.name) });
      }
    }
    const implShared = new Set(impl.flatMap((i) => o.interfaces[i]?.properties ?? []));
    const key = inherits ? h.primaryKey(id).propertyId : ot.primaryKey;
    const properties: Array<[string, Property]> = inherits ? h.properties(id).map((p) => [p.id, p.property]) : ordered(ot.properties);
    for (const [pid, p] of properties) {
      if (p.sharedPropertyId && implShared.has(p.sharedPropertyId)) {
        const sp = o.sharedProperties[p.sharedPropertyId];
        const existing = fields.find((f) => f.name === sp?.apiName);
        if (existing && p.required) existing.required = true;
        if (existing) continue;
      }
      const isKey = key === pid;
      fields.push({
        name: scopeF.claim(fieldName(p.apiName)), baseType: p.baseType, ...(p.valueTypeId && o.valueTypes[p.valueTypeId] ? { valueTypeId: p.valueTypeId } : {}),
        required: p.required || isKey, description: p.description, isKey, ...notes(p.annotations),
      });
    }
    // The primary key leads, as readers of generated code look for it first.
    fields.sort((a, b) => Number(b.isKey) - Number(a.isKey));
    const supertypes = byName(h.parents(id).map((s) => [s, o.objectTypes[s] as { apiName: string }])).map(([s]) => s);
    return {
      id, name: names.get(id) as string, description: ot.description, fields, links: [], implements: impl, supertypes,
      hasSubtypes: h.children(id).length > 0, ownFields: fields, ...notes(ot.annotations), scope: scopeF,
    } as TypeSpec & { scope: NameScope };
  });
  // What a type adds: its fields minus every field one of its supertypes already has.
  const fieldsById = new Map(types.map((t) => [t.id, t.fields]));
  for (const t of types) {
    if (t.supertypes.length === 0) continue;
    const inherited = new Set(t.supertypes.flatMap((s) => (fieldsById.get(s) ?? []).map((f) => f.name)));
    t.ownFields = t.fields.filter((f) => !inherited.has(f.name));
  }
  const typeById = new Map(types.map((t) => [t.id, t as TypeSpec & { scope: NameScope }]));
  for (const [lid, lt] of byName(Object.entries(o.linkTypes))) {
    const from = typeById.get(lt.fromObjectTypeId);
    const to = typeById.get(lt.toObjectTypeId);
    if (!from || !to) continue;
    const shape = linkShape(lt.cardinality);
    from.links.push({ name: from.scope.claim(fieldName(lt.apiName)), linkTypeId: lid, targetTypeId: to.id, many: shape.forwardMany, description: lt.description });
    const reverse = lt.toDisplayName ? camelName(lt.toDisplayName) : `${fieldName(lt.apiName)}Inverse`;
    to.links.push({ name: to.scope.claim(reverse), linkTypeId: lid, targetTypeId: from.id, many: shape.reverseMany, description: `Inverse of ${from.name}.${lt.apiName}.` });
  }
  // A subtype's objects are its supertypes' objects too, so they can follow every inherited link:
  // each gets its ancestors' link fields under the same names (GraphQL implementations must match
  // the type interface's fields). Own links come first; a name already taken is renamed apart.
  const ownLinks = new Map(types.map((t) => [t.id, [...t.links]]));
  for (const t of types) {
    const scoped = t as TypeSpec & { scope: NameScope };
    const taken = new Set([...t.fields.map((f) => f.name), ...t.links.map((l) => l.name)]);
    for (const ancestor of h.ancestors(t.id)) {
      for (const l of ownLinks.get(ancestor) ?? []) {
        if (t.links.some((x) => x.linkTypeId === l.linkTypeId && x.targetTypeId === l.targetTypeId && x.name === l.name)) continue;
        const name = taken.has(l.name) ? scoped.scope.claim(l.name) : l.name;
        taken.add(name);
        t.links.push({ ...l, name, inherited: true });
      }
    }
  }
  for (const t of types) delete (t as Partial<TypeSpec & { scope: NameScope }>).scope;
  return { o, types, interfaces, names };
}

/** `{ annotations }` when there are any, for spreading into specs (absent keeps outputs unchanged). */
function notes(a: Annotations | undefined): { annotations?: Annotations } {
  return a && Object.keys(a).length > 0 ? { annotations: a } : {};
}

/** Constraints that apply to a field: its value type's. */
export function constraintsOf(m: CodegenModel, f: FieldSpec): Constraints {
  return f.valueTypeId ? (m.o.valueTypes[f.valueTypeId]?.constraints ?? {}) : {};
}
