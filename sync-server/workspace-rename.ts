/**
 * Renaming a workspace on the server. Its name keys two stores that cannot share a transaction:
 * the history file (`workspaces/<name>.oms.sqlite`, which holds the workspace's id and branch ids)
 * and the identity store (members, protected branches, service accounts, audit). Live rooms are
 * keyed by ids (live-doc-key.ts) and need nothing. So the rename is journalled: an intent file
 * (`workspace-rename.json`, written durably) names both ends before anything moves; each step is
 * idempotent; a start after a crash (kill -9) rolls the journalled rename forward. A crash before
 * the intent is durable leaves the old name everywhere, after it the new one: never neither, and
 * never the file under one name and its members under the other.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { OmsError } from '../core/errors';
import type { HistoryStore } from './history/history-store';
import { fsyncDir } from './history/history-store';
import type { IdentityService } from './identity/service';
import { isValidWorkspace } from './paths';

export class WorkspaceRenameError extends OmsError {}

export type WorkspaceRenameStep = 'journalled' | 'file' | 'identity' | 'done';

export interface WorkspaceRenameOptions {
  /** After each step (the crash test stops a child here). */
  onStep?: (step: WorkspaceRenameStep) => void | Promise<void>;
}

export interface WorkspaceRenameDeps {
  dataDir: string;
  history: HistoryStore;
  identity: IdentityService | null;
}

const JournalSchema = z.strictObject({ from: z.string(), to: z.string(), workspaceId: z.string().nullable() });
type Journal = z.infer<typeof JournalSchema>;

const journalFile = (dataDir: string): string => join(dataDir, 'workspace-rename.json');

function writeJournal(dataDir: string, j: Journal): void {
  const file = journalFile(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(j), { flush: true });
  renameSync(tmp, file);
  fsyncDir(dataDir);
}

function clearJournal(dataDir: string): void {
  rmSync(journalFile(dataDir), { force: true });
  fsyncDir(dataDir);
}

/** Whether `name` is a workspace here: it has a history file, or the identity store created it. */
async function known(deps: WorkspaceRenameDeps, name: string): Promise<boolean> {
  return deps.history.exists(name) || ((await deps.identity?.store.workspaceExists(name)) ?? false);
}

/** The journalled steps: each may already be done (recovery re-runs them). */
async function apply(deps: WorkspaceRenameDeps, j: Journal, options: WorkspaceRenameOptions): Promise<void> {
  if (j.workspaceId !== null) deps.history.renameWorkspaceFile(j.from, j.to, j.workspaceId);
  await options.onStep?.('file');
  await deps.identity?.renameWorkspace(j.from, j.to);
  await options.onStep?.('identity');
  clearJournal(deps.dataDir);
  await options.onStep?.('done');
}

/**
 * Rename `from` to `to`; the caller has checked permission and keeps connections to both names out
 * meanwhile. Returns the workspace's stable id (null for a workspace the identity store made and
 * no one has pushed to or opened yet: it has no file, so no id).
 */
export async function renameWorkspace(deps: WorkspaceRenameDeps, from: string, to: string, options: WorkspaceRenameOptions = {}): Promise<{ workspaceId: string | null }> {
  if (!isValidWorkspace(to)) throw new WorkspaceRenameError('INVALID_WORKSPACE', 'invalid workspace name: 1-64 characters of A-Z a-z 0-9 _ . -, starting with a letter or digit');
  if (existsSync(journalFile(deps.dataDir))) throw new WorkspaceRenameError('WORKSPACE_BUSY', 'another workspace rename is being finished; retry');
  if (!(await known(deps, from))) throw new WorkspaceRenameError('WORKSPACE_NOT_FOUND', `no workspace "${from}" on this server`);
  if (from === to) return { workspaceId: deps.history.exists(from) ? deps.history.workspace(from, false).id : null };
  // On a case-insensitive file system `Acme` is `acme`'s file: known, so refused too.
  if (await known(deps, to)) throw new WorkspaceRenameError('NAME_TAKEN', `a workspace "${to}" exists`);
  const workspaceId = deps.history.exists(from) ? deps.history.workspace(from, false).id : null;
  const journal: Journal = { from, to, workspaceId };
  writeJournal(deps.dataDir, journal);
  await options.onStep?.('journalled');
  await apply(deps, journal, options);
  return { workspaceId };
}

/** At start, before any room or request: finish a rename a crash interrupted. Returns it, if there was one. */
export async function recoverWorkspaceRename(deps: WorkspaceRenameDeps): Promise<Journal | null> {
  const file = journalFile(deps.dataDir);
  if (!existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    raw = undefined;
  }
  const parsed = JournalSchema.safeParse(raw);
  if (!parsed.success) throw new WorkspaceRenameError('JOURNAL_DAMAGED', `${file} is not a workspace rename journal; move it aside after checking the workspaces`);
  try {
    await apply(deps, parsed.data, {});
  } catch (err) {
    // Neither name holds the file (moved by hand?): starting anyway would serve a workspace half renamed.
    const why = err instanceof Error ? err.message : String(err);
    throw new WorkspaceRenameError('JOURNAL_UNFINISHABLE', `the workspace rename ${parsed.data.from} → ${parsed.data.to} in ${file} cannot be finished (${why}); check the workspaces directory, then remove the file`, undefined, { cause: err });
  }
  return parsed.data;
}
