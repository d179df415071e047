/**
 * Releases: a tag `v<x.y.z>` on a commit, versioned from the changes since the last release tag
 * that is an ancestor of it. A requested version that understates a breaking change is refused.
 */
import { analyzeChanges, bumpVersion, checkRequestedVersion, compareVersions, formatChangelog, formatVersion, parseVersion, type ChangeReport, type Version } from '../../../core/changes';
import { emptyOntology } from '../../../core/model';
import type { TagInfo, Workspace } from '../store';
import { MergeFlowError } from './errors';

export interface ReleaseRequest {
  /** What to release (default: HEAD of the default branch). */
  ref?: string;
  /** Requested version; default: the last release bumped as the changes require (first release: 0.1.0). */
  version?: string;
}

export interface ReleasePlan {
  commit: string;
  last: { tag: string; version: string; commit: string } | null;
  changes: ChangeReport;
  version: string;
  tag: string;
  changelog: string;
}

const FIRST_VERSION: Version = { major: 0, minor: 1, patch: 0 };

/** The newest release tag (by version) whose commit is `commit` or one of its ancestors. */
export function lastRelease(ws: Workspace, commit: string): { tag: TagInfo; version: Version } | undefined {
  let best: { tag: TagInfo; version: Version } | undefined;
  let history: Set<string> | undefined; // walked once, not once per tag
  for (const tag of ws.listTags()) {
    if (!tag.version) continue;
    history ??= ws.commits.ancestors(commit);
    if (!history.has(tag.commit)) continue;
    const version = parseVersion(tag.version);
    if (!best || compareVersions(version, best.version) > 0) best = { tag, version };
  }
  return best;
}

export function planRelease(ws: Workspace, req: ReleaseRequest = {}): ReleasePlan {
  const commit = ws.resolveRef(req.ref ?? 'HEAD');
  const after = ws.checkout(commit);
  const last = lastRelease(ws, commit);
  const before = last ? ws.checkout(last.tag.commit) : emptyOntology(after.name);
  const changes = analyzeChanges(before, after);
  if (last && changes.bump === 'none') {
    throw new MergeFlowError('RELEASE_NOTHING_TO_RELEASE', `nothing changed since ${last.tag.name} (${formatVersion(last.version)})`, { last: last.tag.name });
  }
  let version: Version;
  if (req.version !== undefined) {
    version = parseVersion(req.version);
    checkRequestedVersion(last?.version, version, changes.bump);
  } else {
    version = last ? bumpVersion(last.version, changes.bump) : FIRST_VERSION;
  }
  const tag = `v${formatVersion(version)}`;
  if (ws.findTag(tag)) throw new MergeFlowError('RELEASE_TAG_EXISTS', `tag ${tag} already exists`, { tag });
  const date = new Date().toISOString().slice(0, 10);
  return {
    commit,
    last: last ? { tag: last.tag.name, version: formatVersion(last.version), commit: last.tag.commit } : null,
    changes,
    version: formatVersion(version),
    tag,
    changelog: formatChangelog(changes, { title: tag, subtitle: `${date} · ${last ? `changes since ${last.tag.name}` : 'first release'} · commit ${commit.slice(0, 12)}` }),
  };
}

export function release(ws: Workspace, req: ReleaseRequest, tagger: string): { plan: ReleasePlan; tag: TagInfo } {
  const plan = planRelease(ws, req);
  const tag = ws.createTag(plan.tag, plan.commit, { version: plan.version, message: plan.changelog, tagger });
  return { plan, tag };
}
