/** Action types: parameters pick objects by key, rules point at real types and write matching types. */
import type { ActionRule, ActionType, Property } from '../model';
import { sameBaseType } from './base-types';
import type { ValidationContext } from './context';

export function checkActionTypes(ctx: ValidationContext): void {
  for (const [id, at] of ctx.actionTypes) {
    const base = ['actionTypes', id];
    for (const [pid, param] of Object.entries(at.parameters)) {
      const path = [...base, 'parameters', pid];
      ctx.checkBaseType(param.baseType, path, 'baseType', pid);
      if (param.objectTypeId === undefined) continue;
      const ot = ctx.resolve(ctx.objectTypes, 'objectType', param.objectTypeId, [...path, 'objectTypeId'], pid);
      const pk = ot ? ctx.hierarchy.primaryKeyProperty(param.objectTypeId)?.property : undefined;
      if (pk && !sameBaseType(pk.baseType, param.baseType)) {
        ctx.report('ACTION_PARAMETER_TYPE_MISMATCH', [...path, 'baseType'], `parameter ${param.apiName} picks ${ot?.apiName} objects by their primary key ${pk.apiName} (${ctx.typeLabel(pk.baseType)}) but is ${ctx.typeLabel(param.baseType)}`);
      }
    }
    const rules = Object.entries(at.rules);
    if (rules.length === 0) ctx.report('ACTION_TYPE_NO_RULES', [...base, 'rules'], `action type ${at.apiName} has no rules`);
    for (const [rid, rule] of rules) checkRule(ctx, id, at, rule, [...base, 'rules', rid]);
  }
}

function checkRule(ctx: ValidationContext, actionId: string, at: ActionType, rule: ActionRule, path: string[]): void {
  if (rule.kind === 'createLink' || rule.kind === 'deleteLink') {
    ctx.resolve(ctx.linkTypes, 'linkType', rule.linkTypeId, [...path, 'linkTypeId'], actionId);
    return;
  }
  const ot = ctx.resolve(ctx.objectTypes, 'objectType', rule.objectTypeId, [...path, 'objectTypeId'], actionId);
  if (rule.kind !== 'createObject') {
    if (rule.objectParameterId === undefined) {
      ctx.report('ACTION_RULE_NO_TARGET', path, `${rule.kind} rule names no object parameter, so it is unclear which ${ot?.apiName ?? 'object'} it changes`);
    } else {
      const param = ctx.ownParameter(actionId, rule.objectParameterId, [...path, 'objectParameterId']);
      if (param && param.objectTypeId !== rule.objectTypeId) {
        ctx.report('ACTION_OBJECT_PARAMETER_MISMATCH', [...path, 'objectParameterId'], `parameter ${param.apiName} ${param.objectTypeId ? `picks ${ctx.name(param.objectTypeId)} objects` : 'picks no object'}, but the rule changes ${ot?.apiName ?? rule.objectTypeId} objects`);
      }
    }
  }
  if (rule.kind === 'deleteObject') return;
  for (const [propId, paramId] of Object.entries(rule.values)) {
    const valuePath = [...path, 'values', propId];
    const prop = ot ? ctx.ownProperty(rule.objectTypeId, propId, valuePath, actionId) : undefined;
    const param = ctx.ownParameter(actionId, paramId, valuePath);
    if (prop && param && !sameBaseType(prop.baseType, param.baseType)) {
      ctx.report('ACTION_VALUE_TYPE_MISMATCH', valuePath, `parameter ${param.apiName} (${ctx.typeLabel(param.baseType)}) is written into ${prop.apiName} (${ctx.typeLabel(prop.baseType)})`);
    }
  }
  if (rule.kind === 'createObject' && ot) {
    // Inherited required properties and an inherited key must be set too (hierarchy.ts).
    const pk = ctx.hierarchy.primaryKey(rule.objectTypeId).propertyId;
    const effective = ctx.hierarchy.parents(rule.objectTypeId).length > 0
      ? ctx.hierarchy.properties(rule.objectTypeId).map((p): [string, Property] => [p.id, p.property])
      : Object.entries(ot.properties);
    const missing = effective
      .filter(([pid, p]) => (p.required || pid === pk) && !Object.hasOwn(rule.values, pid))
      .map(([, p]) => p.apiName);
    if (missing.length > 0) {
      ctx.report('ACTION_CREATE_MISSING_REQUIRED', [...path, 'values'], `${at.apiName} creates ${ot.apiName} objects without setting ${missing.join(', ')}`);
    }
  }
}
