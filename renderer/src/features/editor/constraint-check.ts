/** Does an example value satisfy a value type? The live check beside the constraint editor. */
import type { BaseType, Constraints } from '../../../../core/model';

const NUMERIC = new Set(['integer', 'long', 'double', 'decimal']);

export interface ExampleVerdict {
  ok: boolean;
  reason: string;
}

export function checkExample(text: string, baseType: BaseType, c: Constraints): ExampleVerdict {
  if (NUMERIC.has(baseType.type)) {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) return { ok: false, reason: 'not a number' };
    if ((baseType.type === 'integer' || baseType.type === 'long') && !Number.isInteger(n)) return { ok: false, reason: 'not a whole number' };
    if (c.min !== undefined && n < c.min) return { ok: false, reason: `below the minimum ${c.min}` };
    if (c.max !== undefined && n > c.max) return { ok: false, reason: `above the maximum ${c.max}` };
    if (c.enum && !c.enum.some((e) => Number(e) === n)) return { ok: false, reason: 'not one of the allowed values' };
    return { ok: true, reason: 'valid' };
  }
  if (baseType.type === 'boolean') return text === 'true' || text === 'false' ? { ok: true, reason: 'valid' } : { ok: false, reason: 'not true or false' };
  if (c.minLength !== undefined && text.length < c.minLength) return { ok: false, reason: `shorter than ${c.minLength} characters` };
  if (c.maxLength !== undefined && text.length > c.maxLength) return { ok: false, reason: `longer than ${c.maxLength} characters` };
  if (c.regex !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(c.regex, 'u');
    } catch {
      return { ok: false, reason: 'the pattern itself is invalid (CONSTRAINT_BAD_REGEX)' };
    }
    if (!re.test(text)) return { ok: false, reason: `does not match /${c.regex}/` };
  }
  if (c.enum && !c.enum.map(String).includes(text)) return { ok: false, reason: 'not one of the allowed values' };
  return { ok: true, reason: 'valid' };
}
