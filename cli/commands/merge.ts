/**
 * `oms merge SOURCE [--into TARGET] [--dry-run] [--resolve file.json] [--json]`: three-way merge of
 * a branch (tag, commit) into a branch of the store. A dry run shows the result's conflicts,
 * auto-resolutions, post-merge validation and change summary and writes nothing; otherwise the merge
 * is applied (fast-forward or merge commit) or refused (exit 75) while ERROR/BLOCK conflicts remain.
 *
 * Without a store: `oms merge --base b.json --ours o.json --theirs t.json [-o out.json]`.
 *
 * `--resolve` takes `{ "<conflict id>": { "pick": "ours" | "theirs" | "base" } | { "pick": "custom", "value": … } }`;
 * conflict ids are printed by the dry run and stay the same between runs.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { formatDiff } from '../../core/diff';
import { DEFAULT_RULES, merge3, preferSide, type Conflict, type ResolutionRule, type ResolvedConflict } from '../../core/merge';
import { canonicalJson } from '../../core/model';
import { applyMerge, assessMerge, previewMerge, ResolutionsFile, type MergeAssessment } from '../../main/services/merge';
import { CliError, EXIT } from '../errors';
import { readJson, writeFileAtomic } from '../files';
import { color, emit } from '../output';
import { addStoreOptions, defaultAuthor, shortId, withWorkspace } from '../store-path';
import { formatChangeReport } from './changes';
import { parseOptions } from './options';
import { readOntology } from './read-ontology';
import type { RegisterCommand } from './index';

const MergeOptions = z.strictObject({
  into: z.string().min(1).optional(),
  dryRun: z.boolean().optional(),
  resolve: z.string().min(1).optional(),
  preferOurs: z.array(z.string()).optional(),
  preferTheirs: z.array(z.string()).optional(),
  rules: z.boolean().optional(),
  message: z.string().min(1).optional(),
  author: z.string().min(1).optional(),
  base: z.string().min(1).optional(),
  ours: z.string().min(1).optional(),
  theirs: z.string().min(1).optional(),
  output: z.string().min(1).optional(),
  acceptConflicts: z.boolean().optional(),
  acceptErrors: z.boolean().optional(),
  json: z.boolean().optional(),
});
type MergeOptions = z.infer<typeof MergeOptions>;

function readResolutions(file: string | undefined): z.infer<typeof ResolutionsFile> | undefined {
  if (!file) return undefined;
  const parsed = ResolutionsFile.safeParse(readJson(file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError('ARG_INVALID', `${file}: not a resolutions file (${issue?.path.join('/') || 'root'}: ${issue?.message}); expected { "<conflict id>": { "pick": "ours" } }`);
  }
  return parsed.data;
}

function rulesFrom(o: MergeOptions): ResolutionRule[] {
  const prefer = o.preferOurs?.length || o.preferTheirs?.length ? [preferSide({ ours: o.preferOurs ?? [], theirs: o.preferTheirs ?? [] })] : [];
  // Path preferences are explicit choices, so they go before the generic rules.
  return [...prefer, ...(o.rules === false ? [] : DEFAULT_RULES)];
}

const SEVERITY_PAINT = { BLOCK: color.red, ERROR: color.red, WARN: color.yellow, INFO: color.cyan } as const;

function formatConflict(c: Conflict): string {
  return [
    `  ${SEVERITY_PAINT[c.severity](`${c.severity} ${c.code}`)} ${color.dim(c.path.join('/'))}  id ${color.bold(c.id)}`,
    `      ${c.message}`,
    `      resolve with: ${c.candidates.join(' | ')}`,
  ].join('\n');
}

const formatResolved = (r: ResolvedConflict): string => `  ${r.conflict.code} ${color.dim(r.conflict.path.join('/'))} → ${r.resolution.pick}${r.rule === 'manual' ? '' : ` (rule ${r.rule})`}`;

function formatAssessment(m: { conflicts: Conflict[]; autoResolved: ResolvedConflict[]; manual: ResolvedConflict[] }, a: MergeAssessment): string {
  const lines: string[] = [];
  lines.push(m.conflicts.length ? color.bold(`Conflicts (${m.conflicts.length}):`) : 'No unresolved conflicts.');
  for (const c of m.conflicts) lines.push(formatConflict(c));
  if (m.autoResolved.length) lines.push(color.bold(`Auto-resolved (${m.autoResolved.length}):`), ...m.autoResolved.map(formatResolved));
  if (m.manual.length) lines.push(color.bold(`Resolved as asked (${m.manual.length}):`), ...m.manual.map(formatResolved));
  const introduced = a.diagnostics.filter((d) => d.introduced);
  lines.push(`Validation after merge: ${a.diagnostics.length} finding(s), ${introduced.length} new${introduced.length ? ':' : ''}`);
  for (const d of introduced.slice(0, 20)) lines.push(`  ${SEVERITY_PAINT[d.severity](`${d.severity} ${d.code}`)} ${color.dim(d.path)} ${d.message}`);
  lines.push(color.bold('Changes to the target:'), formatDiff(a.diff), formatChangeReport(a.changes));
  lines.push(a.blockers.length ? color.red(`Cannot apply: ${a.blockers.join('; ')}`) : color.green('Nothing blocks this merge.'));
  return lines.join('\n');
}

function mergeFiles(o: MergeOptions): void {
  if (!o.base || !o.ours || !o.theirs) throw new CliError('USAGE', 'file merge needs all of --base, --ours and --theirs');
  const ours = readOntology(o.ours);
  const resolutions = readResolutions(o.resolve);
  const m = merge3(readOntology(o.base), ours, readOntology(o.theirs), { rules: rulesFrom(o), ...(resolutions ? { resolutions } : {}) });
  const a = assessMerge(ours, m, { acceptConflicts: o.acceptConflicts ?? false, acceptErrors: o.acceptErrors ?? false });
  const write = !o.dryRun && a.blockers.length === 0 && o.output !== undefined;
  if (write) writeFileAtomic(o.output as string, canonicalJson(m.result, { pretty: true }));
  emit(o, { ...m, ...a, written: write ? o.output : null }, () => `${formatAssessment(m, a)}${write ? `\nwritten: ${o.output}` : ''}`);
  if (!o.output && !o.json && !o.dryRun && a.blockers.length === 0) process.stdout.write(canonicalJson(m.result, { pretty: true }));
  process.exitCode = a.blockers.length ? EXIT.CONFLICT : EXIT.OK;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export const registerMerge: RegisterCommand = (program) => {
  addStoreOptions(program);
  program
    .command('merge')
    .description('three-way merge a branch into another (or three files); --dry-run previews without writing')
    .argument('[source]', 'branch, tag or commit to merge in')
    .option('--into <branch>', 'target branch (default: the default branch)')
    .option('--dry-run', 'show result, conflicts, validation and changes; write nothing')
    .option('--resolve <file.json>', 'resolutions by conflict id')
    .option('--prefer-ours <path-prefix>', 'settle conflicts under this path for ours (repeatable)', collect)
    .option('--prefer-theirs <path-prefix>', 'settle conflicts under this path for theirs (repeatable)', collect)
    .option('--no-rules', 'do not apply the default rules (type widening, constraint union, description concat)')
    .option('-m, --message <text>', 'merge commit message')
    .option('--author <name>', 'merge commit author (default $OMS_AUTHOR or the user name)')
    .option('--base <file>', 'file mode: the common ancestor')
    .option('--ours <file>', 'file mode: our version')
    .option('--theirs <file>', 'file mode: their version')
    .option('-o, --output <file>', 'file mode: write the merged ontology here (default: stdout)')
    .option('--accept-conflicts', 'apply although conflicts remain unresolved (their slots keep ours); recorded in the merge commit')
    .option('--accept-errors', 'apply although the merge introduces validation ERRORs; recorded in the merge commit')
    .option('--json', 'print as JSON')
    .action(async (source: string | undefined, raw: unknown, command: Command) => {
      const o = parseOptions(MergeOptions, raw);
      if (o.base || o.ours || o.theirs) return mergeFiles(o);
      if (!source) throw new CliError('USAGE', 'name the branch to merge (oms merge SOURCE), or give --base/--ours/--theirs files');
      const resolutions = readResolutions(o.resolve);
      const req = {
        source, rules: rulesFrom(o), acceptConflicts: o.acceptConflicts ?? false, acceptErrors: o.acceptErrors ?? false,
        ...(o.into ? { into: o.into } : {}), ...(resolutions ? { resolutions } : {}),
      };
      return withWorkspace(command, async (ws) => {
        if (o.dryRun) {
          const p = await previewMerge(ws, req);
          const head = `${p.mode} ${source} (${shortId(p.source.commit)}) into ${p.into.branch} (${shortId(p.into.head)})${p.base ? `, base ${shortId(p.base)}` : ', no common history'}`;
          emit(o, p, () => `${head}\n${formatAssessment(p.merge, p)}`);
          process.exitCode = p.blockers.length ? EXIT.CONFLICT : EXIT.OK;
          return;
        }
        const out = await applyMerge(ws, req, { author: o.author ?? defaultAuthor(), ...(o.message ? { message: o.message } : {}) });
        const p = out.preview;
        emit(o, { mode: p.mode, commit: out.commit, into: p.into.branch, autoResolved: p.merge.autoResolved, manual: p.merge.manual, conflicts: p.merge.conflicts, changes: p.changes }, () =>
          `${p.mode === 'fast-forward' ? 'fast-forwarded' : 'merged'} ${source} into ${p.into.branch}: ${shortId(out.commit.id)}\n${formatAssessment(p.merge, p)}`);
      });
    });
};
