/**
 * Public types of the three-way merge. Conflicts are plain JSON with stable codes, paths and ids
 * (a hash of code + path), so a dry run can be shown, saved and answered later by conflict id.
 */
import type { Collection, ElementKind, Ontology } from '../model';
import type { Severity } from '../validate/diagnostics';

export const CONFLICT_CODES = [
  'FIELD_CONFLICT',
  'DELETE_MODIFY',
  'APINAME_COLLISION',
  'DANGLING_REFERENCE',
  'CARDINALITY_CONFLICT',
  'BASE_TYPE_CONFLICT',
  'ORDER_CONFLICT',
  'MOVE_CONFLICT',
  'CYCLE_CONFLICT',
] as const;
export type ConflictCode = (typeof CONFLICT_CODES)[number];

export type Side = 'ours' | 'theirs';
export type ResolutionPick = Side | 'base' | 'custom';

/** How one conflict is settled. `custom` carries the value written at the conflict's slot. */
export type Resolution = { pick: Side | 'base' } | { pick: 'custom'; value: unknown };

export interface Conflict {
  /** Stable: hash of code and path, the same in every dry run of the same merge. */
  id: string;
  code: ConflictCode;
  severity: Severity;
  /** Where the conflict sits, from the ontology root (element path, then field path). */
  path: string[];
  /** The element concerned ([] for the ontology header). */
  elementPath: string[];
  kind: ElementKind | 'ontology';
  /** Field path inside the element, joined with '/', for field-level conflicts. */
  field?: string;
  apiName?: string;
  message: string;
  /** The competing values at the slot; absent = the element or field does not exist on that side. */
  base?: unknown;
  ours?: unknown;
  theirs?: unknown;
  /** Resolutions this conflict accepts. */
  candidates: ResolutionPick[];
  /** For APINAME_COLLISION: the colliding elements with the side their name comes from. */
  elements?: Array<{ path: string[]; side: Side | 'both' }>;
  /** For MOVE_CONFLICT: where each side put the nested element. */
  placements?: Array<{ path: string[]; side: Side }>;
  /** For DANGLING_REFERENCE: the referenced element and the side that deleted it. */
  target?: { id: string; path: string[]; deletedBy: Side };
  /** For CYCLE_CONFLICT: the relation, the cycle's members (sorted ids) and its edges with the sides that have each. */
  cycle?: { collection: Collection; field: string; members: string[]; edges: Array<{ from: string; to: string; sides: Side[] }>; omitWhenEmpty?: boolean };
}

export interface RuleContext {
  base: Ontology;
  ours: Ontology;
  theirs: Ontology;
}

export interface ResolutionRule {
  /** Reported with each conflict the rule settles. */
  name: string;
  resolve(conflict: Conflict, context: RuleContext): Resolution | undefined;
  /**
   * The rule decides from the conflict alone and never reads `context`. The proportional merge
   * gives rules a context holding only the changed elements, so it takes rules without this flag
   * as a reason to run the full merge instead.
   */
  local?: boolean;
}

export interface MergeOptions {
  /** Tried in order for each conflict without a manual resolution; first answer wins. Default: DEFAULT_RULES. */
  rules?: readonly ResolutionRule[];
  /** Manual resolutions by conflict id; they take precedence over rules. */
  resolutions?: Readonly<Record<string, Resolution>>;
}

export interface ResolvedConflict {
  conflict: Conflict;
  /** Rule name, or `manual` for a supplied resolution. */
  rule: string;
  resolution: Resolution;
}

export interface MergeStats {
  /** Elements (top-level and nested) whose merged value came from one side only / both sides. */
  fromOurs: number;
  fromTheirs: number;
  merged: number;
  conflicts: number;
  autoResolved: number;
  manuallyResolved: number;
  unresolved: number;
  /** Unresolved conflicts by severity. */
  bySeverity: Record<Severity, number>;
}

export interface MergeResult {
  /**
   * The merged ontology. Where a conflict is unresolved it holds the provisional value: `ours` for
   * field-level conflicts, the modified element for DELETE_MODIFY (nothing is lost before a person
   * decides), and both sides' changes for DANGLING_REFERENCE and APINAME_COLLISION (so the reference
   * dangles or the names collide, and validation reports it).
   */
  result: Ontology;
  conflicts: Conflict[];
  autoResolved: ResolvedConflict[];
  /** Resolutions taken from `options.resolutions`. */
  manual: ResolvedConflict[];
  /** Ids in `options.resolutions` that matched no conflict (stale or mistyped). */
  unknownResolutions: string[];
  stats: MergeStats;
}
