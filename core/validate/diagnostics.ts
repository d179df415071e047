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
