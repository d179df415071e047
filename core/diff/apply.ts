/**
 * Replaying and inverting diffs. `applyDiff(a, diffOntologies(a, b))` equals `b`, and
 * `applyDiff(b, invertDiff(d))` equals `a`; the store uses this for revert and the UI for previews.
 */
import { ModelError } from '../errors';
import { parseOntology, type Ontology } from '../model';
import { comparePaths, fieldChange, type ElementChange, type FieldChange, type OntologyDiff } from './diff';
import { cloneJson, getIn, isRecord, setIn, type JsonRecord } from './values';

export function invertDiff(d: OntologyDiff): OntologyDiff {
  const flip = (f: FieldChange): FieldChange => fieldChange(f.path, f.after, f.before);
  const changes: ElementChange[] = d.changes.map((c) => ({
    ...c,
    op: c.op === 'added' ? 'removed' : c.op === 'removed' ? 'added' : 'changed',
    fields: c.fields.map(flip),
  }));
  return {
    format: d.format,
    header: d.header.map(flip),
    changes,
    summary: { ...d.summary, added: d.summary.removed, removed: d.summary.added },
  };
}

/**
 * Apply a diff to an ontology. Strict: a removal or change of an element that is not there, or an
 * addition of one that already is, throws DIFF_NOT_APPLICABLE rather than guessing.
 */
export function applyDiff(o: Ontology, d: OntologyDiff): Ontology {
  const root = cloneJson(o) as unknown as JsonRecord;
  for (const f of d.header) setIn(root, f.path, cloneJson(f.after));
  // Removals deepest-first, then additions parents-first, then field changes: a nested element
  // that moved between owners (same id, new path) is removed before it is added again.
  const removals = d.changes.filter((c) => c.op === 'removed').sort((x, y) => comparePaths(y.path, x.path));
  const additions = d.changes.filter((c) => c.op === 'added').sort((x, y) => comparePaths(x.path, y.path));
  for (const c of removals) {
    if (!isRecord(getIn(root, c.path))) notApplicable(c, 'is not present');
    setIn(root, c.path, undefined);
  }
  for (const c of additions) {
    if (getIn(root, c.path) !== undefined) notApplicable(c, 'already exists');
    if (!isRecord(getIn(root, c.path.slice(0, -2))) && c.path.length > 2) notApplicable(c, 'has no owner');
    setIn(root, c.path, cloneJson(c.value ?? {}));
  }
  for (const c of d.changes) {
    if (c.op !== 'changed') continue;
    const element = getIn(root, c.path);
    if (!isRecord(element)) notApplicable(c, 'is not present');
    for (const f of c.fields) setIn(element, f.path, cloneJson(f.after));
  }
  return parseOntology(root);
}

function notApplicable(c: ElementChange, why: string): never {
  throw new ModelError('DIFF_NOT_APPLICABLE', `cannot apply diff: ${c.kind} ${c.path.join('/')} ${why}`, { path: c.path, op: c.op });
}
