/** Human rendering of diffs and model values, shared by the CLI, the UI and merge/change reports. */
import type { BaseType } from '../model';
import type { ElementChange, FieldChange, OntologyDiff } from './diff';
import { isRecord } from './values';

export function formatBaseType(t: BaseType): string {
  switch (t.type) {
    case 'vector': return `vector(${t.dimension})`;
    case 'array': return `array<${formatBaseType(t.items)}>`;
    case 'struct': return `struct(${t.structTypeId})`;
    default: return t.type;
  }
}

/** One-line rendering of a field value; long text is shortened. */
export function formatValue(v: unknown, max = 60): string {
  if (v === undefined) return '(none)';
  if (isRecord(v) && typeof v.type === 'string') return formatBaseType(v as BaseType);
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** An annotation value as `"text"@lang (EXACT)`, or a plain member as formatValue shows it. */
function formatMember(v: unknown): string {
  if (!isRecord(v) || typeof v.value !== 'string') return formatValue(v);
  const text = v.kind === 'iri' ? `<${v.value}>` : JSON.stringify(v.value);
  return `${text.length > 60 ? `${text.slice(0, 59)}…` : text}${typeof v.lang === 'string' ? `@${v.lang}` : ''}${typeof v.scope === 'string' ? ` (${v.scope})` : ''}`;
}

export function formatFieldChange(f: FieldChange): string {
  if (f.added !== undefined || f.removed !== undefined) {
    return `${f.field}: ${[...(f.added ?? []).map((m) => `+${formatMember(m)}`), ...(f.removed ?? []).map((m) => `-${formatMember(m)}`)].join(' ')}`;
  }
  return `${f.field}: ${formatValue(f.before)} → ${formatValue(f.after)}`;
}

/** `Flight.departure` for a property, `Flight` for a type; falls back to the id. */
export function elementLabel(c: Pick<ElementChange, 'apiName' | 'parentApiName' | 'id'>): string {
  const own = c.apiName ?? c.id;
  return c.parentApiName ? `${c.parentApiName}.${own}` : own;
}

const SIGN = { added: '+', removed: '-', changed: '~' } as const;

export interface FormatOptions {
  /** Wrap the sign of each line, e.g. with ANSI colours. */
  paint?: (op: 'added' | 'removed' | 'changed', text: string) => string;
}

export function formatDiff(d: OntologyDiff, options: FormatOptions = {}): string {
  const paint = options.paint ?? ((_op, t) => t);
  const lines: string[] = [];
  for (const f of d.header) lines.push(paint('changed', `~ ontology ${formatFieldChange(f)}`));
  for (const c of d.changes) {
    const head = `${SIGN[c.op]} ${c.kind} ${elementLabel(c)}`;
    if (c.op !== 'changed') lines.push(paint(c.op, head));
    else if (c.fields.length === 1) lines.push(paint('changed', `${head}: ${formatFieldChange(c.fields[0] as FieldChange)}`));
    else {
      lines.push(paint('changed', head));
      for (const f of c.fields) lines.push(paint('changed', `    ${formatFieldChange(f)}`));
    }
  }
  const s = d.summary;
  lines.push(lines.length === 0 ? 'no changes' : `${s.added} added, ${s.removed} removed, ${s.changed} changed${s.header ? `, ${s.header} header field(s)` : ''}`);
  return lines.join('\n');
}
