/**
 * One indexing pass over the ontology that every check shares: id → element maps (Maps, not the
 * records themselves, so ids like `constructor` never hit Object.prototype), owners of nested
 * elements, effective deprecation, and the reporting helpers that turn a bad reference into
 * DANGLING_REFERENCE or DEPRECATED_REFERENCE with a precise path.
 */
import {
  COLLECTIONS, KIND_OF_COLLECTION, NESTED, TypeHierarchy,
  type ActionParameter, type ActionType, type BaseType, type Collection, type ElementKind, type Interface, type LinkType,
  type ObjectType, type Ontology, type Property, type SharedProperty, type StructField, type StructType, type ValueType,
} from '../model';
import { baseTypeLabel } from './base-types';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from './codes';
import type { Diagnostic } from './diagnostics';

export type Path = readonly string[];

/** A nested element (property, struct field, action parameter) with its owner's id. */
export interface Member<T> {
  parentId: string;
  value: T;
}

/** Every element once, in collection then key order; paths are built only when a check reports. */
export interface IndexedElement {
  kind: ElementKind;
  id: string;
  collection: Collection;
  /** Owner id and the owner's field holding this element, for nested elements. */
  parentId: string | undefined;
  field: string | undefined;
  apiName: string | undefined;
  value: Record<string, unknown>;
}

export function elementPath(e: IndexedElement): string[] {
  return e.parentId === undefined ? [e.collection, e.id] : [e.collection, e.parentId, e.field as string, e.id];
}

const KIND_LABEL: Record<ElementKind, string> = {
  objectType: 'object type', linkType: 'link type', interface: 'interface', sharedProperty: 'shared property',
  valueType: 'value type', structType: 'struct type', actionType: 'action type', property: 'property',
  structField: 'struct field', actionParameter: 'action parameter', actionRule: 'action rule',
};

const withArticle = (label: string): string => `${/^[aeiou]/.test(label) ? 'an' : 'a'} ${label}`;

interface MemberValue {
  property: Property;
  structField: StructField;
  actionParameter: ActionParameter;
}

const entries = <T>(record: Record<string, T>): Map<string, T> => new Map(Object.entries(record));

export class ValidationContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly objectTypes: Map<string, ObjectType>;
  readonly linkTypes: Map<string, LinkType>;
  readonly interfaces: Map<string, Interface>;
  readonly sharedProperties: Map<string, SharedProperty>;
  readonly valueTypes: Map<string, ValueType>;
  readonly structTypes: Map<string, StructType>;
  readonly actionTypes: Map<string, ActionType>;
  /** Inheritance between object types (core/model/hierarchy.ts), shared by every check. */
  readonly hierarchy: TypeHierarchy;
  /** Every element in walk order, duplicates of an id included (checkNames needs them all). */
  readonly elements: IndexedElement[] = [];
  /** First element with each id, for messages and duplicate detection. */
  private readonly known = new Map<string, IndexedElement>();
  /** Ids whose effective status is deprecated (their own, or their owner's for nested elements). */
  private readonly deprecated = new Set<string>();

  constructor(readonly ontology: Ontology) {
    this.objectTypes = entries(ontology.objectTypes);
    this.linkTypes = entries(ontology.linkTypes);
    this.interfaces = entries(ontology.interfaces);
    this.sharedProperties = entries(ontology.sharedProperties);
    this.valueTypes = entries(ontology.valueTypes);
    this.structTypes = entries(ontology.structTypes);
    this.actionTypes = entries(ontology.actionTypes);
    this.hierarchy = new TypeHierarchy(ontology.objectTypes);
    // A direct walk rather than model's allElements(): building path arrays for 100k elements up
    // front cost more than all the checks together.
    for (const collection of COLLECTIONS) {
      const kind = KIND_OF_COLLECTION[collection];
      const nested = NESTED[kind];
      const records = ontology[collection] as Record<string, Record<string, unknown>>;
      // for…in over own keys of plain records: no [key, value] pair per element as Object.entries makes.
      for (const id in records) {
        const value = records[id] as Record<string, unknown>;
        if (!this.add({ kind, id, collection, parentId: undefined, field: undefined, apiName: value.apiName as string, value }, value.status === 'deprecated')) continue;
        if (!nested) continue;
        const ownerDeprecated = this.deprecated.has(id);
        for (const field in nested) {
          const childKind = nested[field] as ElementKind;
          const children = value[field] as Record<string, Record<string, unknown>>;
          for (const cid in children) {
            const child = children[cid] as Record<string, unknown>;
            const apiName = typeof child.apiName === 'string' ? child.apiName : undefined;
            this.add({ kind: childKind, id: cid, collection, parentId: id, field, apiName, value: child }, ownerDeprecated || child.status === 'deprecated');
          }
        }
      }
    }
  }

  /** Index one element; false (and DUPLICATE_ID) when its id is taken. */
  private add(e: IndexedElement, deprecated: boolean): boolean {
    this.elements.push(e);
    const seen = this.known.get(e.id);
    if (seen) {
      this.report('DUPLICATE_ID', elementPath(e), `id ${e.id} is already used by the ${KIND_LABEL[seen.kind]} at ${elementPath(seen).join('/')}`);
      return false;
    }
    this.known.set(e.id, e);
    if (deprecated) this.deprecated.add(e.id);
    return true;
  }

  report(code: DiagnosticCode, path: Path, message: string): void {
    this.diagnostics.push({ code, severity: DIAGNOSTIC_CODES[code].severity, path: path.join('/'), message });
  }

  isDeprecated(id: string): boolean {
    return this.deprecated.has(id);
  }

  /** The nested element of `kind` with this id (first occurrence), or undefined. */
  member<K extends 'property' | 'structField' | 'actionParameter'>(kind: K, id: string): Member<MemberValue[K]> | undefined {
    const e = this.known.get(id);
    return e?.kind === kind ? (e as unknown as Member<MemberValue[K]>) : undefined;
  }

  /** `Flight` for ids the ontology knows, the bare id otherwise. */
  name(id: string): string {
    return this.known.get(id)?.apiName ?? id;
  }

  typeLabel(t: BaseType): string {
    return baseTypeLabel(t, (id) => this.name(id));
  }

  /**
   * Resolve a reference from `sourceId` to an element expected in `map`. Reports a dangling
   * reference (saying what the id is instead, if anything) or a deprecated target of an active source.
   */
  resolve<T>(map: ReadonlyMap<string, T>, expected: ElementKind, id: string, path: Path, sourceId: string): T | undefined {
    const found = map.get(id);
    if (found === undefined) this.dangling(expected, id, path);
    else this.checkDeprecatedTarget(expected, id, path, sourceId);
    return found;
  }

  /** resolve() for nested elements, which have no map of their own. */
  resolveMember<K extends 'property' | 'actionParameter'>(kind: K, id: string, path: Path, sourceId: string): Member<MemberValue[K]> | undefined {
    const found = this.member(kind, id);
    if (found === undefined) this.dangling(kind, id, path);
    else this.checkDeprecatedTarget(kind, id, path, sourceId);
    return found;
  }

  private dangling(expected: ElementKind, id: string, path: Path): void {
    const actual = this.known.get(id);
    this.report('DANGLING_REFERENCE', path, actual
      ? `${id} is the ${KIND_LABEL[actual.kind]}${actual.apiName ? ` ${actual.apiName}` : ''}, not ${withArticle(KIND_LABEL[expected])}`
      : `${KIND_LABEL[expected]} ${id} does not exist`);
  }

  /** Resolve a property id that must belong to object type `ownerId` or be inherited by it from a supertype. */
  ownProperty(ownerId: string, id: string, path: Path, sourceId: string): Property | undefined {
    const member = this.resolveMember('property', id, path, sourceId);
    if (!member) return undefined;
    if (member.parentId !== ownerId && !this.hierarchy.ancestors(ownerId).includes(member.parentId)) {
      this.report('DANGLING_REFERENCE', path, `property ${this.name(id)} (${id}) belongs to ${this.name(member.parentId)}, not to ${this.name(ownerId)} or a supertype of it`);
      return undefined;
    }
    return member.value;
  }

  /** Resolve an action parameter id that must belong to action type `actionId`. */
  ownParameter(actionId: string, id: string, path: Path): ActionParameter | undefined {
    const member = this.resolveMember('actionParameter', id, path, actionId);
    if (!member) return undefined;
    if (member.parentId !== actionId) {
      this.report('DANGLING_REFERENCE', path, `parameter ${this.name(id)} (${id}) belongs to action ${this.name(member.parentId)}, not to ${this.name(actionId)}`);
      return undefined;
    }
    return member.value;
  }

  checkDeprecatedTarget(expected: ElementKind, id: string, path: Path, sourceId: string): void {
    if (this.deprecated.has(id) && !this.deprecated.has(sourceId)) {
      this.report('DEPRECATED_REFERENCE', path, `references deprecated ${KIND_LABEL[expected]} ${this.name(id)}`);
    }
  }

  /**
   * Struct references anywhere inside the base type at `owner`/`field` (arrays of arrays included).
   * Takes the owner's path and the field name so the common primitive case allocates nothing.
   */
  checkBaseType(t: BaseType, owner: Path, field: string, sourceId: string): void {
    if (t.type === 'array') this.checkBaseType(t.items, [...owner, field], 'items', sourceId);
    else if (t.type === 'struct') this.resolve(this.structTypes, 'structType', t.structTypeId, [...owner, field, 'structTypeId'], sourceId);
  }
}
