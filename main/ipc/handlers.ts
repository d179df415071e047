/**
 * The studio API's one handler map: every method of core/contract/studio-api.ts, implemented over
 * main/services. Inputs arrive already validated (dispatch.ts); handlers only translate between the
 * contract's shapes and the services'. Electron IPC and the web host both call exactly this map.
 */
import { formatChangelog, analyzeChanges } from '../../core/changes';
import { StudioError, type DiffSide } from '../../core/contract/studio-api';
import { diffOntologies } from '../../core/diff';
import { validate } from '../../core/validate';
import { applyMerge, previewMerge, planRelease, release } from '../services/merge';
import type { Workspace } from '../services/store';
import { exportText, parseImport, readSide } from '../services/studio/operations';
import { workspaceInfo } from '../services/studio/workspaces';
import type { CallContext, HandlerMap } from './context';
import { createSyncHandlers } from './sync-handlers';

const ws = (ctx: CallContext, name: string): Promise<Workspace> => ctx.backend.workspaces.get(name);
const author = (ctx: CallContext, given: string | undefined): string => given ?? ctx.backend.settings.read().author?.name ?? 'OMS Studio';
const sideLabel = (s: DiffSide): string => ('ref' in s ? s.ref : `${s.working} (working)`);
const changed = (ctx: CallContext, workspace: string, what: 'branches' | 'commits' | 'tags'): void => ctx.backend.broadcast('workspace.changed', { workspace, what });

export function createHandlers(): HandlerMap {
  return {
    'app.info': (_input, { backend }) => ({
      version: backend.version,
      platform: backend.options.platform,
      storeDir: backend.options.storeDir,
      firstRun: backend.workspaces.list().length === 0,
    }),

    // ── workspaces ──────────────────────────────────────────────────────────────────────────
    'workspace.list': (_input, { backend }) => ({ workspaces: backend.workspaces.list() }),
    'workspace.create': async ({ name, description }, { backend }) => {
      const created = await backend.workspaces.create(name);
      if (description) await created.setWorking(created.defaultBranch, { ...(await created.readWorking(created.defaultBranch)), description });
      return workspaceInfo(created);
    },
    'workspace.open': async ({ name }, ctx) => {
      const w = await ws(ctx, name);
      ctx.backend.settings.update({ lastWorkspace: name });
      return workspaceInfo(w);
    },
    'workspace.import': async (input, { backend }) => {
      const { ontology, report } = await parseImport(input);
      return { workspace: workspaceInfo(await backend.workspaces.create(input.name, ontology)), warnings: report.warnings };
    },
    'workspace.export': async (input, ctx) => ({ text: await exportText(await ws(ctx, input.workspace), input), format: input.format }),
    'workspace.delete': async ({ name }, { backend }) => {
      const list = backend.workspaces.list();
      if (!list.some((w) => w.name === name)) throw new StudioError('WORKSPACE_NOT_FOUND', `no workspace "${name}"`, { workspace: name });
      // A damaged file cannot be opened but must still be deletable.
      const w = await backend.workspaces.get(name).catch(() => undefined);
      if (w) await backend.docs.dropWorkspace(w.id, name);
      await backend.workspaces.delete(name);
      return {};
    },
    'examples.list': (_input, { backend }) => ({ examples: backend.examples.list() }),
    'examples.open': async ({ id, name }, { backend }) => workspaceInfo(await backend.workspaces.create(name ?? id, backend.examples.load(id))),
    'ontology.get': async ({ workspace, ref }, ctx) => ({ ontology: (await ws(ctx, workspace)).checkout(ref) }),

    // ── branches and history ───────────────────────────────────────────────────────────────
    'branch.list': async ({ workspace }, ctx) => {
      const w = await ws(ctx, workspace);
      return { branches: w.listBranches(), defaultBranch: w.defaultBranch };
    },
    'branch.create': async ({ workspace, name, from }, ctx) => {
      const b = await (await ws(ctx, workspace)).createBranch(name, from ? { from } : {});
      changed(ctx, workspace, 'branches');
      return b;
    },
    'branch.rename': async ({ workspace, from, to }, ctx) => {
      const w = await ws(ctx, workspace);
      const b = w.renameBranch(from, to);
      const last = ctx.backend.settings.read().lastBranch ?? {};
      if (last[workspace] === from) ctx.backend.settings.update({ lastBranch: { ...last, [workspace]: to } });
      changed(ctx, workspace, 'branches');
      return b;
    },
    'branch.delete': async ({ workspace, name, force }, ctx) => {
      await (await ws(ctx, workspace)).deleteBranch(name, force === undefined ? {} : { force });
      changed(ctx, workspace, 'branches');
      return {};
    },
    'branch.switch': async ({ workspace, branch }, ctx) => {
      const status = await (await ws(ctx, workspace)).status(branch);
      ctx.backend.settings.update({ lastWorkspace: workspace, lastBranch: { ...ctx.backend.settings.read().lastBranch, [workspace]: branch } });
      return { branch: status.branch, dirty: status.dirty };
    },
    'branch.status': async ({ workspace, branch }, ctx) => {
      const status = await (await ws(ctx, workspace)).status(branch);
      return { branch: status.branch, dirty: status.dirty };
    },
    'branch.discard': async ({ workspace, branch }, ctx) => ({ diff: await (await ws(ctx, workspace)).discard(branch) }),
    'commit.create': async ({ workspace, branch, message, author: who, allowEmpty }, ctx) => {
      const out = await (await ws(ctx, workspace)).commit(branch, { message, author: author(ctx, who), ...(allowEmpty === undefined ? {} : { allowEmpty }) });
      changed(ctx, workspace, 'commits');
      return { commit: out.commit, diagnostics: out.diagnostics };
    },
    'commit.log': async ({ workspace, ref, ...opts }, ctx) => ({
      commits: (await ws(ctx, workspace)).log(ref, { ...(opts.limit === undefined ? {} : { limit: opts.limit }), ...(opts.offset === undefined ? {} : { offset: opts.offset }), ...(opts.firstParent === undefined ? {} : { firstParent: opts.firstParent }) }),
    }),
    'commit.show': async ({ workspace, ref }, ctx) => (await ws(ctx, workspace)).show(ref),
    'diff': async ({ workspace, from, to }, ctx) => {
      const w = await ws(ctx, workspace);
      return { diff: diffOntologies(await readSide(w, from), await readSide(w, to)) };
    },
    'revert': async ({ workspace, branch, ref }, ctx) => (await ws(ctx, workspace)).revert(branch, ref),
    'merge.preview': async ({ workspace, source, into, resolutions }, ctx) =>
      previewMerge(await ws(ctx, workspace), { source, ...(into ? { into } : {}), ...(resolutions ? { resolutions } : {}) }),
    'merge.apply': async ({ workspace, source, into, resolutions, author: who, message }, ctx) => {
      const out = await applyMerge(await ws(ctx, workspace), { source, ...(into ? { into } : {}), ...(resolutions ? { resolutions } : {}) }, { author: author(ctx, who), ...(message ? { message } : {}) });
      changed(ctx, workspace, 'commits');
      return { commit: out.commit, mode: out.preview.mode === 'fast-forward' ? 'fast-forward' : 'merge', conflicts: out.preview.merge.conflicts };
    },
    'changes': async ({ workspace, from, to }, ctx) => {
      const w = await ws(ctx, workspace);
      return { report: analyzeChanges(await readSide(w, from), await readSide(w, to)) };
    },
    'changelog': async ({ workspace, from, to, title }, ctx) => {
      const w = await ws(ctx, workspace);
      const report = analyzeChanges(await readSide(w, from), await readSide(w, to));
      return { text: formatChangelog(report, { title: title ?? `${sideLabel(from)} → ${sideLabel(to)}` }) };
    },
    'release.plan': async ({ workspace, ref, version }, ctx) => planRelease(await ws(ctx, workspace), { ...(ref ? { ref } : {}), ...(version ? { version } : {}) }),
    'release.create': async ({ workspace, ref, version, tagger }, ctx) => {
      const out = release(await ws(ctx, workspace), { ...(ref ? { ref } : {}), ...(version ? { version } : {}) }, author(ctx, tagger));
      changed(ctx, workspace, 'tags');
      return out;
    },
    'tag.list': async ({ workspace }, ctx) => ({ tags: (await ws(ctx, workspace)).listTags() }),
    'validate': async ({ workspace, side }, ctx) => ({ diagnostics: validate(await readSide(await ws(ctx, workspace), side)) }),

    // ── live documents ─────────────────────────────────────────────────────────────────────
    'doc.open': async ({ workspace, branch }, ctx) => ctx.backend.docs.open(ctx.client, await ws(ctx, workspace), branch),
    'doc.read': ({ session }, ctx) => ctx.backend.docs.read(ctx.client, session),
    'doc.push': ({ session, updates }, ctx) => {
      ctx.backend.docs.push(ctx.client, session, updates);
      return {};
    },
    'doc.flush': async ({ session }, ctx) => {
      await ctx.backend.docs.flush(ctx.client, session);
      return {};
    },
    'doc.close': async ({ session }, ctx) => {
      await ctx.backend.docs.close(ctx.client, session);
      return {};
    },

    // ── settings and jobs ──────────────────────────────────────────────────────────────────
    'settings.get': (_input, { backend }) => backend.settings.read(),
    'settings.set': ({ patch }, { backend }) => backend.settings.update(patch),
    'jobs.start': async (spec, { backend }) => ({ jobId: await backend.jobs.start(spec) }),
    'jobs.cancel': async ({ jobId }, { backend }) => {
      await backend.jobs.cancel(jobId);
      return {};
    },
    'jobs.list': (_input, { backend }) => ({ jobs: backend.jobs.list() }),

    ...createSyncHandlers(),
  };
}
