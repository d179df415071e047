/** `oms validate <file> [--json]`: diagnostics grouped by severity; exit 0 clean/advice, 1 ERROR, 2 BLOCK. */
import { z } from 'zod';
import type { Ontology } from '../../core/model';
import { elementAtPath, SEVERITY_RANK, validate, worstSeverity, type Diagnostic, type Severity } from '../../core/validate';
import { EXIT } from '../errors';
import { color, emit } from '../output';
import { parseOptions } from './options';
import { readOntology } from './read-ontology';
import type { RegisterCommand } from './index';

const ValidateOptions = z.strictObject({ json: z.boolean().optional() });

export interface LocatedDiagnostic extends Diagnostic {
  /** apiName of the element the path points into, e.g. `Flight.status`. */
  element?: string;
}

export interface ValidationReport {
  file: string;
  ok: boolean;
  counts: Record<Severity, number>;
  diagnostics: LocatedDiagnostic[];
}

const SEVERITIES: Severity[] = ['BLOCK', 'ERROR', 'WARN', 'INFO'];
const paint: Record<Severity, (s: string) => string> = { BLOCK: color.red, ERROR: color.red, WARN: color.yellow, INFO: color.cyan };

export function validationReport(file: string, o: Ontology): ValidationReport {
  const diagnostics = validate(o).map((d) => {
    const element = elementAtPath(o, d.path)?.label;
    return element ? { ...d, element } : d;
  });
  const counts: Record<Severity, number> = { BLOCK: 0, ERROR: 0, WARN: 0, INFO: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return { file, ok: counts.BLOCK + counts.ERROR === 0, counts, diagnostics };
}

export function exitCodeForReport(report: ValidationReport): number {
  const worst = worstSeverity(report.diagnostics);
  if (worst === 'BLOCK') return EXIT.BLOCKED;
  if (worst === 'ERROR') return EXIT.ERRORS;
  return EXIT.OK;
}

export function summaryLine(report: ValidationReport): string {
  const parts = SEVERITIES.filter((s) => report.counts[s] > 0).map((s) => paint[s](`${report.counts[s]} ${s}`));
  const verdict = report.ok ? color.green('valid') : color.red('invalid');
  return `${report.file}: ${verdict}${parts.length ? ` (${parts.join(', ')})` : ', no findings'}`;
}

/** Human form: one block per severity, worst first; each line names the element and the path. */
export function formatReport(report: ValidationReport, options: { maxPerSeverity?: number } = {}): string {
  const lines: string[] = [];
  const max = options.maxPerSeverity ?? Number.POSITIVE_INFINITY;
  for (const severity of [...SEVERITIES].sort((a, b) => SEVERITY_RANK[b] - SEVERITY_RANK[a])) {
    const group = report.diagnostics.filter((d) => d.severity === severity);
    if (group.length === 0) continue;
    lines.push(paint[severity](color.bold(`${severity} (${group.length})`)));
    for (const d of group.slice(0, max)) {
      lines.push(`  ${[paint[severity](d.code), d.element ? color.bold(d.element) : '', color.dim(d.path)].filter(Boolean).join(' ')}`);
      lines.push(`      ${d.message}`);
    }
    if (group.length > max) lines.push(color.dim(`  … and ${group.length - max} more (oms validate ${report.file})`));
  }
  lines.push(summaryLine(report));
  return lines.join('\n');
}

export const registerValidate: RegisterCommand = (program) => {
  program
    .command('validate')
    .description('check an ontology file; exit 0 when clean, 1 with ERRORs, 2 with BLOCKers')
    .argument('<file>', 'an oms/1 ontology file')
    .option('--json', 'print the report as JSON')
    .action((file: string, raw: unknown) => {
      const options = parseOptions(ValidateOptions, raw);
      const report = validationReport(file, readOntology(file));
      emit(options, report, () => formatReport(report));
      process.exitCode = exitCodeForReport(report);
    });
};
