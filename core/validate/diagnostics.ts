/** A validation finding. Codes are stable API: tools and CI pipelines match on them. */
export type Severity = 'INFO' | 'WARN' | 'ERROR' | 'BLOCK';

export const SEVERITY_RANK: Record<Severity, number> = { INFO: 0, WARN: 1, ERROR: 2, BLOCK: 3 };

export interface Diagnostic {
  code: string;
  severity: Severity;
  /** JSON path segments joined with '/', e.g. objectTypes/<id>/properties/<id>/apiName */
  path: string;
  message: string;
}

export function worstSeverity(diagnostics: readonly Diagnostic[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const d of diagnostics) if (!worst || SEVERITY_RANK[d.severity] > SEVERITY_RANK[worst]) worst = d.severity;
  return worst;
}

export interface SeverityCounts {
  /** ERROR and BLOCK findings. */
  errors: number;
  warnings: number;
  infos: number;
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): SeverityCounts {
  const counts: SeverityCounts = { errors: 0, warnings: 0, infos: 0 };
  for (const d of diagnostics) {
    if (d.severity === 'ERROR' || d.severity === 'BLOCK') counts.errors++;
    else if (d.severity === 'WARN') counts.warnings++;
    else counts.infos++;
  }
  return counts;
}
