/**
 * The history part of `oms demo`: two branches edit the same example concurrently in a throwaway
 * store, the three-way merge combines them (one conflict settled by the type-widening rule), and
 * the result is released with a computed version. Everything runs through the same services the
 * `oms branch/commit/merge/release` commands use.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDiff } from '../../core/diff';
import type { ObjectType, Ontology, Property } from '../../core/model';
import { applyMerge, previewMerge, release } from '../../main/services/merge';
import { Workspace } from '../../main/services/store';
import { color } from '../output';
import type { DemoContext, DemoStep } from './demo';

const AUTHOR = 'oms-demo';

interface Target {
  type: ObjectType;
  typeId: string;
  numeric: Property;
  numericId: string;
  renamed: Property;
}

/** An object type with an integer property (to widen) and another property (to rename). */
function pickTarget(o: Ontology): Target | undefined {
  for (const [typeId, type] of Object.entries(o.objectTypes)) {
    const props = Object.entries(type.properties);
    const numeric = props.find(([id, p]) => p.baseType.type === 'integer' && id !== type.primaryKey);
    const renamed = props.find(([id, p]) => p.baseType.type === 'string' && id !== type.primaryKey && id !== numeric?.[0]);
    if (numeric && renamed) return { type, typeId, numeric: numeric[1], numericId: numeric[0], renamed: renamed[1] };
  }
  return undefined;
}

async function edit(ws: Workspace, branch: string, message: string, change: (o: Ontology, t: Target) => void): Promise<void> {
  const o = structuredClone(await ws.readWorking(branch));
  const t = pickTarget(o);
  if (!t) throw new Error('example has no object type to edit');
  change(o, t);
  await ws.setWorking(branch, o);
  await ws.commit(branch, { message, author: AUTHOR });
}

async function run(ctx: DemoContext): Promise<string> {
  const example = ctx.examples[0];
  const target = example && pickTarget(example.ontology);
  if (!example || !target) return color.dim('(skipped: the first example has no integer property to widen)');
  const root = mkdtempSync(join(tmpdir(), 'oms-demo-'));
  const ws = await Workspace.create(root, 'demo', { from: example.ontology, author: AUTHOR, durability: 'normal' });
  try {
    const label = `${target.type.apiName}.${target.numeric.apiName}`;
    const lines: string[] = [`${color.dim(`throwaway store ${root}, workspace demo, branch main from ${example.file}`)}`];
    await ws.createBranch('feature/metrics', { from: 'main' });
    await edit(ws, 'feature/metrics', `Measure ${label} as double`, (_o, t) => {
      t.numeric.baseType = { type: 'double' };
      t.type.description = `${t.type.description} Metrics are tracked per flight.`.trim();
    });
    lines.push(`feature/metrics: ${label} integer → double, description extended`);
    await edit(ws, 'main', `Widen ${label} to long; rename ${target.renamed.apiName}`, (_o, t) => {
      t.numeric.baseType = { type: 'long' };
      t.renamed.apiName = `${t.renamed.apiName}Code`;
    });
    lines.push(`main:            ${label} integer → long, ${target.type.apiName}.${target.renamed.apiName} renamed`);

    const preview = await previewMerge(ws, { source: 'feature/metrics', into: 'main' });
    lines.push('', `${color.bold('merge --dry-run')}: ${preview.mode}, ${preview.merge.conflicts.length} unresolved conflict(s)`);
    for (const r of preview.merge.autoResolved) {
      lines.push(`  ${r.conflict.code} at ${r.conflict.path.join('/')}: settled by rule ${color.cyan(r.rule)}`);
    }
    const outcome = await applyMerge(ws, { source: 'feature/metrics', into: 'main' }, { author: AUTHOR });
    lines.push(`${color.bold('merge')}: commit ${outcome.commit.id.slice(0, 12)} with parents ${outcome.commit.parents.map((p) => p.slice(0, 12)).join(' + ')}`);
    lines.push(formatDiff(outcome.preview.diff).split('\n').map((l) => `  ${l}`).join('\n'));
    const merged = ws.checkout('main').objectTypes[target.typeId]?.properties[target.numericId];
    lines.push(`  ${label} is now ${merged?.baseType.type} (never narrowed)`);

    const { plan, tag } = release(ws, {}, AUTHOR);
    lines.push('', `${color.bold('release')}: ${tag.name} (${plan.changes.bump} bump: ${plan.changes.counts.INCOMPATIBLE} incompatible, ${plan.changes.counts.MIGRATION_REQUIRED} migration, ${plan.changes.counts.BACKWARD_COMPATIBLE} backward compatible)`);
    return lines.join('\n');
  } finally {
    await ws.close();
    rmSync(root, { recursive: true, force: true });
  }
}

export const historyDemoStep: DemoStep = { title: 'Branches, a three-way merge and a release (throwaway store)', run };
