/** Building conflicts: codes, severities, candidate resolutions and stable ids. */
import { idFromString, type ElementKind } from '../model';
import type { Severity } from '../validate/diagnostics';
import { formatValue } from '../diff/format';
import type { Conflict, ConflictCode, ResolutionPick } from './types';

/** Fields whose disagreement changes only how things read, never what data is valid. */
const COSMETIC = new Set(['description', 'displayName', 'pluralDisplayName', 'fromDisplayName', 'toDisplayName', 'icon', 'color', 'iri', 'name', 'meta']);

export const SEVERITY_OF: Record<ConflictCode, Severity> = {
  ORDER_CONFLICT: 'INFO',
  FIELD_CONFLICT: 'ERROR',
  CARDINALITY_CONFLICT: 'ERROR',
  BASE_TYPE_CONFLICT: 'ERROR',
  DELETE_MODIFY: 'ERROR',
  APINAME_COLLISION: 'BLOCK',
  DANGLING_REFERENCE: 'BLOCK',
  MOVE_CONFLICT: 'BLOCK',
  CYCLE_CONFLICT: 'BLOCK',
};

export function conflictId(code: ConflictCode, path: readonly string[]): string {
  return `${code.slice(0, 2)}${idFromString(`${code}\u0000${path.join('\u0000')}`)}`;
}

export function fieldConflictCode(kind: ElementKind | 'ontology', fieldPath: readonly string[]): ConflictCode {
  if (fieldPath.length !== 1) return 'FIELD_CONFLICT';
  const f = fieldPath[0];
  if (f === 'baseType') return 'BASE_TYPE_CONFLICT';
  if (f === 'cardinality' && kind === 'linkType') return 'CARDINALITY_CONFLICT';
  if (f === 'order') return 'ORDER_CONFLICT';
  return 'FIELD_CONFLICT';
}

interface FieldConflictInput {
  kind: ElementKind | 'ontology';
  elementPath: string[];
  fieldPath: string[];
  apiName: string | undefined;
  base: unknown;
  ours: unknown;
  theirs: unknown;
}

function withValues(c: Conflict, base: unknown, ours: unknown, theirs: unknown): Conflict {
  if (base !== undefined) c.base = base;
  if (ours !== undefined) c.ours = ours;
  if (theirs !== undefined) c.theirs = theirs;
  return c;
}

export function fieldConflict(i: FieldConflictInput): Conflict {
  const code = fieldConflictCode(i.kind, i.fieldPath);
  const path = [...i.elementPath, ...i.fieldPath];
  const field = i.fieldPath.join('/');
  const severity: Severity = code === 'FIELD_CONFLICT' && COSMETIC.has(i.fieldPath[0] as string) ? 'WARN' : SEVERITY_OF[code];
  const candidates: ResolutionPick[] = i.base === undefined ? ['ours', 'theirs', 'custom'] : ['ours', 'theirs', 'base', 'custom'];
  const where = i.kind === 'ontology' ? 'ontology' : `${i.kind} ${i.apiName ?? i.elementPath.at(-1)}`;
  const c: Conflict = {
    id: conflictId(code, path), code, severity, path, elementPath: i.elementPath, kind: i.kind, field,
    message: `${where}: ${field} changed on both sides (ours ${formatValue(i.ours)}, theirs ${formatValue(i.theirs)}${i.base === undefined ? '' : `, base ${formatValue(i.base)}`})`,
    candidates,
  };
  if (i.apiName !== undefined) c.apiName = i.apiName;
  return withValues(c, i.base, i.ours, i.theirs);
}

export function deleteModifyConflict(kind: ElementKind, elementPath: string[], apiName: string | undefined, deletedBy: 'ours' | 'theirs', base: unknown, ours: unknown, theirs: unknown): Conflict {
  const other = deletedBy === 'ours' ? 'theirs' : 'ours';
  const c: Conflict = {
    id: conflictId('DELETE_MODIFY', elementPath), code: 'DELETE_MODIFY', severity: SEVERITY_OF.DELETE_MODIFY,
    path: elementPath, elementPath, kind,
    message: `${kind} ${apiName ?? elementPath.at(-1)}: deleted by ${deletedBy}, modified by ${other}`,
    candidates: ['ours', 'theirs', 'base', 'custom'],
  };
  if (apiName !== undefined) c.apiName = apiName;
  return withValues(c, base, ours, theirs);
}
