/**
 * Three-way merge of ontologies: base (the merge base), ours (the target branch) and theirs (the
 * branch merged in). Pure and deterministic: same inputs and options → same result, same conflicts
 * with the same ids, in the same order.
 */
import { COLLECTIONS, parseOntology, type Ontology } from '../model';
import { comparePaths } from '../diff/diff';
import type { Severity } from '../validate/diagnostics';
import { Draft } from './draft';
import { applyResolution, checkResolution } from './resolve';
import { DEFAULT_RULES } from './rules';
import { detectCycles } from './cycles';
import { detectCollisions, detectDangling, detectMoves } from './secondary';
import { primaryMerge } from './three-way';
import type { Conflict, MergeOptions, MergeResult, Resolution, ResolvedConflict, RuleContext } from './types';

export function merge3(base: Ontology, ours: Ontology, theirs: Ontology, options: MergeOptions = {}): MergeResult {
  const rules = options.rules ?? DEFAULT_RULES;
  const manualById = options.resolutions ?? {};
  const ctx: RuleContext = { base, ours, theirs };
  const primary = primaryMerge(base, ours, theirs);
  const draft = new Draft(primary.draft, COLLECTIONS);

  const unresolved: Conflict[] = [];
  const autoResolved: ResolvedConflict[] = [];
  const manual: ResolvedConflict[] = [];
  const used = new Set<string>();
  let customApplied = false;

  const settle = (conflicts: Conflict[]): void => {
    for (const c of conflicts.sort(byPath)) {
      let resolution: Resolution | undefined = manualById[c.id];
      let rule = 'manual';
      if (resolution) used.add(c.id);
      else {
        for (const r of rules) {
          resolution = r.resolve(c, ctx);
          if (resolution) {
            rule = r.name;
            break;
          }
        }
      }
      if (!resolution) {
        unresolved.push(c);
        continue;
      }
      checkResolution(c, resolution);
      applyResolution(draft, c, resolution, ctx);
      if (resolution.pick === 'custom') customApplied = true;
      (rule === 'manual' ? manual : autoResolved).push({ conflict: c, rule, resolution });
    }
  };

  settle(primary.conflicts);
  // Collisions and dangling references exist only in the combination, so they are looked for
  // after the field-level resolutions have shaped it. A field still in conflict holds ours only
  // provisionally; judging it would make the report depend on which side is "ours", so it is
  // left to its own conflict (and to post-merge validation) until someone settles it.
  const open = new Set(unresolved.filter((c) => c.code !== 'DELETE_MODIFY').map((c) => c.path.join('/')));
  const unsettled = (path: readonly string[]): boolean => {
    for (let n = path.length; n > 0; n--) if (open.has(path.slice(0, n).join('/'))) return true;
    return false;
  };
  settle(detectMoves(draft, primary.touched, ctx));
  settle(detectCollisions(draft, primary.touched, ctx, unsettled));
  settle(detectDangling(draft, primary.touched, ctx, unsettled));
  settle(detectCycles(draft, primary.touched, ctx));

  // Assembled from parsed inputs the draft is already canonical; values a person or rule typed in
  // are not trusted and go through the schema.
  const result = customApplied ? parseOntology(draft.root) : (draft.root as unknown as Ontology);
  const bySeverity: Record<Severity, number> = { INFO: 0, WARN: 0, ERROR: 0, BLOCK: 0 };
  for (const c of unresolved) bySeverity[c.severity]++;
  const conflicts = unresolved.sort(byPath);
  return {
    result,
    conflicts,
    autoResolved,
    manual,
    unknownResolutions: Object.keys(manualById).filter((id) => !used.has(id)).sort(),
    stats: {
      ...primary.stats,
      conflicts: conflicts.length + autoResolved.length + manual.length,
      autoResolved: autoResolved.length,
      manuallyResolved: manual.length,
      unresolved: conflicts.length,
      bySeverity,
    },
  };
}

function byPath(a: Conflict, b: Conflict): number {
  return comparePaths(a.path, b.path) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/**
 * True when the merge may be applied as is: no conflict is left unresolved, whatever its severity
 * (an unresolved field holds ours only provisionally; applying it would drop theirs without a
 * decision). Accepting unresolved conflicts explicitly is the merge flow's business.
 */
export function isApplicable(m: Pick<MergeResult, 'conflicts'>): boolean {
  return m.conflicts.length === 0;
}
