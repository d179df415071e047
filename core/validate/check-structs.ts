/** Struct types: field references, empty structs, and structs that contain themselves. */
import type { BaseType } from '../model';
import type { ValidationContext } from './context';
import { findCycles } from './cycles';

export function checkStructTypes(ctx: ValidationContext): void {
  const contains = new Map<string, string[]>();
  for (const [id, st] of ctx.structTypes) {
    const direct: string[] = [];
    const fields = Object.entries(st.fields);
    for (const [fid, field] of fields) {
      ctx.checkBaseType(field.baseType, ['structTypes', id, 'fields', fid], 'baseType', fid);
      const inner = directStruct(field.baseType);
      if (field.required && inner !== undefined && ctx.structTypes.has(inner)) direct.push(inner);
    }
    contains.set(id, direct);
    if (fields.length === 0) ctx.report('STRUCT_TYPE_NO_FIELDS', ['structTypes', id], `struct type ${st.apiName} has no fields`);
  }
  for (const cycle of findCycles(ctx.structTypes.keys(), (id) => contains.get(id) ?? [])) {
    ctx.report('STRUCT_CYCLE', ['structTypes', cycle[0] as string, 'fields'], `struct types contain each other: ${cycle.map((c) => ctx.name(c)).join(' → ')}; make one of these fields optional or an array so values can be finite`);
  }
}

/** A struct held by value; an array of structs may be empty (and an optional field absent), so only required by-value fields make the nesting infinite. */
function directStruct(t: BaseType): string | undefined {
  return t.type === 'struct' ? t.structTypeId : undefined;
}
