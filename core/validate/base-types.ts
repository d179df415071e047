/** Comparisons and labels for base types, shared by the checks (and readable in messages). */
import type { BaseType, PrimitiveTypeName } from '../model';

export function sameBaseType(a: BaseType, b: BaseType): boolean {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'vector':
      return b.type === 'vector' && a.dimension === b.dimension;
    case 'array':
      return b.type === 'array' && sameBaseType(a.items, b.items);
    case 'struct':
      return b.type === 'struct' && a.structTypeId === b.structTypeId;
    default:
      return true;
  }
}

/** `string`, `vector(384)`, `array<struct st-money>`; `name` turns struct ids into apiNames. */
export function baseTypeLabel(t: BaseType, name: (structTypeId: string) => string = (id) => id): string {
  switch (t.type) {
    case 'vector':
      return `vector(${t.dimension})`;
    case 'array':
      return `array<${baseTypeLabel(t.items, name)}>`;
    case 'struct':
      return `struct ${name(t.structTypeId)}`;
    default:
      return t.type;
  }
}

/**
 * Types that can identify an object: values compare exactly and print the same everywhere.
 * double (rounding), decimal (1.0 vs 1.00 are equal numbers with different text), boolean (two
 * objects at most), geo types, attachments, vectors, arrays and structs have no usable identity.
 */
export const KEY_TYPES: ReadonlySet<string> = new Set<PrimitiveTypeName>(['string', 'integer', 'long', 'date', 'timestamp']);

/** Types a list or a link label can show as text. */
export const TITLE_UNSUITABLE_TYPES: ReadonlySet<string> = new Set(['vector', 'attachment', 'geopoint', 'geoshape', 'array', 'struct']);

export const NUMERIC_TYPES: ReadonlySet<string> = new Set<PrimitiveTypeName>(['integer', 'long', 'double', 'decimal']);
export const INTEGRAL_TYPES: ReadonlySet<string> = new Set<PrimitiveTypeName>(['integer', 'long']);
