/**
 * Object types and their properties: keys, references of properties, interface realisation.
 */
import type { ObjectType, Pii, Property } from '../model';
import { KEY_TYPES, sameBaseType, TITLE_UNSUITABLE_TYPES } from './base-types';
import type { ValidationContext } from './context';

export function checkObjectTypes(ctx: ValidationContext): void {
  const required = new InterfaceRequirements(ctx);
  for (const [id, ot] of ctx.objectTypes) {
    const base = ['objectTypes', id];
    for (const [pid, prop] of Object.entries(ot.properties)) checkProperty(ctx, pid, prop, ['objectTypes', id, 'properties', pid]);
    checkKeys(ctx, id, ot);
    ot.implements.forEach((itf, i) => ctx.resolve(ctx.interfaces, 'interface', itf, [...base, 'implements', String(i)], id));
    checkRealisation(ctx, id, ot, required);
    if (Object.keys(ot.properties).length === 0) ctx.report('OBJECT_TYPE_NO_PROPERTIES', base, `object type ${ot.apiName} has no properties`);
  }
}

const PII_RANK: Record<Pii, number> = { none: 0, personal: 1, sensitive: 2 };

function checkProperty(ctx: ValidationContext, pid: string, prop: Property, path: string[]): void {
  ctx.checkBaseType(prop.baseType, path, 'baseType', pid);
  if (prop.valueTypeId !== undefined) {
    const vt = ctx.resolve(ctx.valueTypes, 'valueType', prop.valueTypeId, [...path, 'valueTypeId'], pid);
    if (vt && !sameBaseType(vt.baseType, prop.baseType)) {
      ctx.report('VALUE_TYPE_BASE_MISMATCH', [...path, 'baseType'], `base type ${ctx.typeLabel(prop.baseType)} differs from ${ctx.typeLabel(vt.baseType)} of value type ${vt.apiName}`);
    }
  }
  if (prop.sharedPropertyId !== undefined) {
    const sp = ctx.resolve(ctx.sharedProperties, 'sharedProperty', prop.sharedPropertyId, [...path, 'sharedPropertyId'], pid);
    if (sp && !sameBaseType(sp.baseType, prop.baseType)) {
      ctx.report('SHARED_PROPERTY_MISMATCH', [...path, 'baseType'], `base type ${ctx.typeLabel(prop.baseType)} differs from ${ctx.typeLabel(sp.baseType)} of shared property ${sp.apiName}`);
    } else if (sp && sp.valueTypeId !== undefined && sp.valueTypeId !== prop.valueTypeId) {
      ctx.report('SHARED_PROPERTY_MISMATCH', [...path, 'valueTypeId'], `shared property ${sp.apiName} uses value type ${ctx.name(sp.valueTypeId)}, this property ${prop.valueTypeId ? `uses ${ctx.name(prop.valueTypeId)}` : 'has none'}`);
    }
    if (sp && PII_RANK[prop.pii] < PII_RANK[sp.pii]) {
      ctx.report('SHARED_PROPERTY_PII_WEAKER', [...path, 'pii'], `PII flag "${prop.pii}" is weaker than "${sp.pii}" on shared property ${sp.apiName}`);
    }
  }
}

function checkKeys(ctx: ValidationContext, id: string, ot: ObjectType): void {
  const base = ['objectTypes', id];
  const hasParents = ctx.hierarchy.parents(id).length > 0;
  if (ot.primaryKey === undefined) {
    // An inherited key was checked where it is declared; ambiguous ones are SUBTYPE_PRIMARY_KEY_CONFLICT.
    if (!hasParents || ctx.hierarchy.primaryKey(id).inherited.length === 0) {
      ctx.report('MISSING_PRIMARY_KEY', [...base, 'primaryKey'], `object type ${ot.apiName} has no primary key${hasParents ? ' and inherits none' : ''}`);
    }
  } else {
    const pk = ctx.ownProperty(id, ot.primaryKey, [...base, 'primaryKey'], id);
    if (pk) {
      if (!KEY_TYPES.has(pk.baseType.type)) {
        ctx.report('PRIMARY_KEY_UNSUITABLE', [...base, 'primaryKey'], `primary key ${pk.apiName} is ${ctx.typeLabel(pk.baseType)}; keys must be string, integer, long, date or timestamp`);
      }
      if (!pk.required) ctx.report('PRIMARY_KEY_NOT_REQUIRED', [...base, 'primaryKey'], `primary key ${pk.apiName} is not marked required`);
      if (pk.pii === 'sensitive') ctx.report('PII_SENSITIVE_KEY', [...base, 'primaryKey'], `primary key ${pk.apiName} is PII-sensitive`);
    }
  }
  if (ot.titleKey === undefined) {
    if (hasParents && ctx.hierarchy.hasTitleKey(id)) return;
    ctx.report('TITLE_KEY_MISSING', [...base, 'titleKey'], `object type ${ot.apiName} has no title key`);
  } else {
    const title = ctx.ownProperty(id, ot.titleKey, [...base, 'titleKey'], id);
    if (title && TITLE_UNSUITABLE_TYPES.has(title.baseType.type)) {
      ctx.report('TITLE_KEY_UNSUITABLE', [...base, 'titleKey'], `title key ${title.apiName} is ${ctx.typeLabel(title.baseType)}, which cannot be shown as a title`);
    }
    if (title && title.pii === 'sensitive' && ot.titleKey !== ot.primaryKey) {
      ctx.report('PII_SENSITIVE_KEY', [...base, 'titleKey'], `title key ${title.apiName} is PII-sensitive`);
    }
  }
}

/** Shared properties an interface requires, its own and inherited, each with the interface that lists it. */
class InterfaceRequirements {
  private readonly memo = new Map<string, Map<string, string>>();

  constructor(private readonly ctx: ValidationContext) {}

  of(interfaceId: string): Map<string, string> {
    let out = this.memo.get(interfaceId);
    if (out) return out;
    out = new Map();
    // Own traversal with a visited set: correct on cyclic graphs too (cycles are reported elsewhere).
    const seen = new Set<string>([interfaceId]);
    const queue = [interfaceId];
    for (let i = 0; i < queue.length; i++) {
      const itf = this.ctx.interfaces.get(queue[i] as string);
      if (!itf) continue;
      for (const sp of itf.properties) if (!out.has(sp)) out.set(sp, queue[i] as string);
      for (const parent of itf.extends) {
        if (!seen.has(parent)) {
          seen.add(parent);
          queue.push(parent);
        }
      }
    }
    this.memo.set(interfaceId, out);
    return out;
  }
}

function checkRealisation(ctx: ValidationContext, id: string, ot: ObjectType, required: InterfaceRequirements): void {
  if (ot.implements.length === 0) return;
  // Linear scans: an object type has tens of properties and its interfaces a handful of requirements,
  // so this beats building a lookup per object type.
  const properties = ctx.hierarchy.parents(id).length > 0 ? ctx.hierarchy.properties(id).map((p) => p.property) : Object.values(ot.properties);
  const reported = new Set<string>();
  for (const itfId of ot.implements) {
    for (const [spId, fromItf] of required.of(itfId)) {
      if (reported.has(spId) || properties.some((p) => p.sharedPropertyId === spId)) continue;
      const sp = ctx.sharedProperties.get(spId);
      if (!sp) continue; // dangling: reported on the interface
      const namesake = properties.find((p) => p.apiName === sp.apiName);
      if (namesake && sameBaseType(namesake.baseType, sp.baseType)) continue;
      reported.add(spId);
      const via = fromItf === itfId ? ctx.name(itfId) : `${ctx.name(itfId)} (inherited from ${ctx.name(fromItf)})`;
      const hint = namesake
        ? `; property ${namesake.apiName} has the name but is ${ctx.typeLabel(namesake.baseType)}, not ${ctx.typeLabel(sp.baseType)}`
        : '';
      ctx.report('INTERFACE_PROPERTY_MISSING', ['objectTypes', id, 'implements', String(ot.implements.indexOf(itfId))],
        `${ot.apiName} implements ${via} but has no property realising shared property ${sp.apiName}${hint}`);
    }
  }
}
