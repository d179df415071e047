/** Link types: both ends exist, and a foreign key sits on the "many" end with the other end's key type. */
import type { LinkType } from '../model';
import { sameBaseType } from './base-types';
import type { ValidationContext } from './context';

export function checkLinkTypes(ctx: ValidationContext): void {
  for (const [id, lt] of ctx.linkTypes) {
    const path = ['linkTypes', id];
    const from = ctx.resolve(ctx.objectTypes, 'objectType', lt.fromObjectTypeId, [...path, 'fromObjectTypeId'], id);
    const to = ctx.resolve(ctx.objectTypes, 'objectType', lt.toObjectTypeId, [...path, 'toObjectTypeId'], id);
    checkCounts(ctx, id, lt);
    if (lt.foreignKeyPropertyId === undefined) continue;
    const fkPath = [...path, 'foreignKeyPropertyId'];
    const fk = ctx.resolveMember('property', lt.foreignKeyPropertyId, fkPath, id);
    if (!fk || !from || !to) continue;
    if (lt.cardinality === 'MANY_TO_MANY') {
      ctx.report('LINK_FK_CARDINALITY', fkPath, 'a MANY_TO_MANY link cannot be stored in a foreign key property; remove it (the link is stored as pairs)');
      continue;
    }
    const allowed = allowedOwners(lt);
    if (!allowed.includes(fk.parentId)) {
      const where = allowed.map((o) => ctx.name(o)).join(' or ');
      ctx.report('LINK_FK_CARDINALITY', fkPath, `foreign key ${fk.value.apiName} is on ${ctx.name(fk.parentId)}, but a ${lt.cardinality} link keeps it on the "many" end: ${where}`);
      continue;
    }
    // The key points at the end that does not hold it (for a self-link both ends are the same type).
    const targetId = fk.parentId === lt.fromObjectTypeId ? lt.toObjectTypeId : lt.fromObjectTypeId;
    const target = ctx.objectTypes.get(targetId);
    const pk = ctx.hierarchy.primaryKeyProperty(targetId)?.property;
    if (target && pk && !sameBaseType(pk.baseType, fk.value.baseType)) {
      ctx.report('LINK_FK_TYPE_MISMATCH', fkPath, `foreign key ${fk.value.apiName} is ${ctx.typeLabel(fk.value.baseType)} but the primary key ${pk.apiName} of ${target.apiName} is ${ctx.typeLabel(pk.baseType)}`);
    }
  }
}

/** minCardinality ≤ maxCardinality, and both agree with `cardinality` (the `to` end: one or many). */
function checkCounts(ctx: ValidationContext, id: string, lt: LinkType): void {
  const { minCardinality: min, maxCardinality: max } = lt;
  if (min !== undefined && max !== undefined && min > max) {
    ctx.report('LINK_CARDINALITY_MIN_GT_MAX', ['linkTypes', id, 'minCardinality'], `minCardinality ${min} is greater than maxCardinality ${max}`);
  }
  if (max === undefined) return;
  const toOne = lt.cardinality === 'ONE_TO_ONE' || lt.cardinality === 'MANY_TO_ONE';
  if (toOne && max > 1) {
    ctx.report('LINK_CARDINALITY_INCONSISTENT', ['linkTypes', id, 'maxCardinality'], `a ${lt.cardinality} link has at most one target, but maxCardinality is ${max}`);
  } else if (!toOne && max === 1) {
    ctx.report('LINK_CARDINALITY_INCONSISTENT', ['linkTypes', id, 'maxCardinality'], `maxCardinality 1 allows one target, but the link is ${lt.cardinality}; use ${lt.cardinality === 'ONE_TO_MANY' ? 'ONE_TO_ONE' : 'MANY_TO_ONE'}`);
  }
}

function allowedOwners(lt: LinkType): string[] {
  switch (lt.cardinality) {
    case 'MANY_TO_ONE':
      return [lt.fromObjectTypeId];
    case 'ONE_TO_MANY':
      return [lt.toObjectTypeId];
    default:
      return lt.fromObjectTypeId === lt.toObjectTypeId ? [lt.fromObjectTypeId] : [lt.fromObjectTypeId, lt.toObjectTypeId];
  }
}
