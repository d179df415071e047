/** Interfaces (references, inheritance cycles) and the shared properties they require. */
import { sameBaseType } from './base-types';
import type { ValidationContext } from './context';
import { findCycles } from './cycles';

export function checkInterfaces(ctx: ValidationContext): void {
  for (const [id, itf] of ctx.interfaces) {
    itf.extends.forEach((parent, i) => ctx.resolve(ctx.interfaces, 'interface', parent, ['interfaces', id, 'extends', String(i)], id));
    itf.properties.forEach((sp, i) => ctx.resolve(ctx.sharedProperties, 'sharedProperty', sp, ['interfaces', id, 'properties', String(i)], id));
  }
  const parents = (id: string): readonly string[] => (ctx.interfaces.get(id)?.extends ?? []).filter((p) => ctx.interfaces.has(p));
  for (const cycle of findCycles(ctx.interfaces.keys(), parents)) {
    const first = cycle[0] as string;
    ctx.report('INTERFACE_CYCLE', ['interfaces', first, 'extends'], `interface inheritance cycle: ${cycle.map((c) => ctx.name(c)).join(' → ')}`);
  }
}

export function checkSharedProperties(ctx: ValidationContext): void {
  for (const [id, sp] of ctx.sharedProperties) {
    const path = ['sharedProperties', id];
    ctx.checkBaseType(sp.baseType, path, 'baseType', id);
    if (sp.valueTypeId === undefined) continue;
    const vt = ctx.resolve(ctx.valueTypes, 'valueType', sp.valueTypeId, [...path, 'valueTypeId'], id);
    if (vt && !sameBaseType(vt.baseType, sp.baseType)) {
      ctx.report('VALUE_TYPE_BASE_MISMATCH', [...path, 'baseType'], `base type ${ctx.typeLabel(sp.baseType)} differs from ${ctx.typeLabel(vt.baseType)} of value type ${vt.apiName}`);
    }
  }
}
