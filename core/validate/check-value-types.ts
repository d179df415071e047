/** Value type constraints: each must apply to the base type and must not contradict the others. */
import type { Constraints, ValueType } from '../model';
import { INTEGRAL_TYPES, NUMERIC_TYPES } from './base-types';
import type { ValidationContext } from './context';

export function checkValueTypes(ctx: ValidationContext): void {
  for (const [id, vt] of ctx.valueTypes) {
    ctx.checkBaseType(vt.baseType, ['valueTypes', id], 'baseType', id);
    checkConstraints(ctx, vt, ['valueTypes', id, 'constraints']);
  }
}

function checkConstraints(ctx: ValidationContext, vt: ValueType, path: string[]): void {
  const c = vt.constraints;
  const t = vt.baseType.type;
  const isString = t === 'string';
  const isNumeric = NUMERIC_TYPES.has(t);
  const notApplicable = (field: keyof Constraints, what: string) =>
    ctx.report('CONSTRAINT_NOT_APPLICABLE', [...path, field], `${field} applies only to ${what}, not to ${ctx.typeLabel(vt.baseType)}`);

  let regex: RegExp | undefined;
  if (c.regex !== undefined) {
    if (!isString) notApplicable('regex', 'string');
    else {
      try {
        // Unicode mode: the dialect JSON Schema validators and modern engines agree on.
        regex = new RegExp(c.regex, 'u');
      } catch (err) {
        ctx.report('CONSTRAINT_BAD_REGEX', [...path, 'regex'], `invalid regular expression /${c.regex}/: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  for (const field of ['minLength', 'maxLength'] as const) if (c[field] !== undefined && !isString) notApplicable(field, 'string');
  for (const field of ['min', 'max'] as const) if (c[field] !== undefined && !isNumeric) notApplicable(field, 'integer, long, double and decimal');
  if (c.min !== undefined && c.max !== undefined && c.min > c.max) {
    ctx.report('CONSTRAINT_MIN_GT_MAX', [...path, 'min'], `min ${c.min} is greater than max ${c.max}: no value can satisfy both`);
  }
  if (c.minLength !== undefined && c.maxLength !== undefined && c.minLength > c.maxLength) {
    ctx.report('CONSTRAINT_LENGTH_MIN_GT_MAX', [...path, 'minLength'], `minLength ${c.minLength} is greater than maxLength ${c.maxLength}`);
  }
  if (c.enum === undefined) return;
  if (c.enum.length === 0) {
    ctx.report('CONSTRAINT_EMPTY_ENUM', [...path, 'enum'], 'enum lists no values, so no value is valid');
    return;
  }
  if (!isString && !isNumeric) {
    notApplicable('enum', 'string and numeric types');
    return;
  }
  c.enum.forEach((value, i) => {
    const at = [...path, 'enum', String(i)];
    if (isString !== (typeof value === 'string')) {
      ctx.report('CONSTRAINT_NOT_APPLICABLE', at, `enum value ${JSON.stringify(value)} is not a ${t}`);
      return;
    }
    const conflict = typeof value === 'string' ? stringConflict(value, c, regex) : numberConflict(value, c, INTEGRAL_TYPES.has(t));
    if (conflict === 'not-integral') ctx.report('CONSTRAINT_NOT_APPLICABLE', at, `enum value ${value} is not a whole number, but the base type is ${t}`);
    else if (conflict) ctx.report('CONSTRAINT_ENUM_CONFLICT', at, `enum value ${JSON.stringify(value)} ${conflict}`);
  });
}

function stringConflict(value: string, c: Constraints, regex: RegExp | undefined): string | undefined {
  const length = [...value].length;
  if (c.minLength !== undefined && length < c.minLength) return `is shorter than minLength ${c.minLength}`;
  if (c.maxLength !== undefined && length > c.maxLength) return `is longer than maxLength ${c.maxLength}`;
  if (regex && !regex.test(value)) return `does not match regex /${c.regex}/`;
  return undefined;
}

function numberConflict(value: number, c: Constraints, integral: boolean): string | undefined {
  if (integral && !Number.isInteger(value)) return 'not-integral';
  if (c.min !== undefined && value < c.min) return `is below min ${c.min}`;
  if (c.max !== undefined && value > c.max) return `is above max ${c.max}`;
  return undefined;
}
