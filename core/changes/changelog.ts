/** Markdown changelog from a change report: breaking changes first, then the rest grouped by kind. */
import type { ElementKind } from '../model';
import type { ChangeReport, ClassifiedChange } from './analyze';

const KIND_TITLES: Array<[ElementKind | 'ontology', string]> = [
  ['objectType', 'Object types'], ['property', 'Properties'], ['linkType', 'Link types'], ['interface', 'Interfaces'],
  ['sharedProperty', 'Shared properties'], ['valueType', 'Value types'], ['structType', 'Struct types'], ['structField', 'Struct fields'],
  ['actionType', 'Action types'], ['actionParameter', 'Action parameters'], ['actionRule', 'Action rules'], ['ontology', 'Ontology'],
];

export interface ChangelogOptions {
  /** Heading, e.g. `v1.3.0` or `main → feature`. */
  title: string;
  /** Extra line under the heading, e.g. the date or the commit range. */
  subtitle?: string;
}

const line = (c: ClassifiedChange): string => `- ${c.message.replace(/`/g, "'")} (${c.reason}${c.compatibility === 'COMPATIBLE' || c.compatibility === 'BACKWARD_COMPATIBLE' ? '' : `, ${c.compatibility}`})`;

export function formatChangelog(report: ChangeReport, options: ChangelogOptions): string {
  const out: string[] = [`## ${options.title}`, ''];
  if (options.subtitle) out.push(options.subtitle, '');
  if (report.changes.length === 0) {
    out.push('No changes.', '');
    return out.join('\n');
  }
  out.push(`Version bump: **${report.bump}** (${report.counts.INCOMPATIBLE} incompatible, ${report.counts.MIGRATION_REQUIRED} need migration, ${report.counts.BACKWARD_COMPATIBLE} backward compatible, ${report.counts.COMPATIBLE} compatible)`, '');
  if (report.breaking.length > 0) {
    out.push('### Breaking changes', '');
    for (const c of report.breaking) out.push(line(c));
    out.push('');
  }
  const rest = report.changes.filter((c) => !report.breaking.includes(c));
  for (const [kind, title] of KIND_TITLES) {
    const group = rest.filter((c) => c.kind === kind);
    if (group.length === 0) continue;
    out.push(`### ${title}`, '');
    for (const c of group) out.push(line(c));
    out.push('');
  }
  return out.join('\n');
}
