// Loads the bundled entry point built by scripts/build-bin.mjs (at `npm ci` via prepare, and by
// `npm run build`). In a checkout whose sources changed since that build, it rebuilds first (about
// half a second), so `npm run oms` and tests never run stale code. Without esbuild (a production
// install) and without a build it runs the TypeScript sources through tsx instead: slower start-up,
// same behaviour. OMS_FROM_SOURCE=1 forces that.
import module from 'node:module';

// Built-ins through getBuiltinModule (Node 22.3+; require before), not ESM imports: an ESM
// `node:fs` reads every export, which loads fs streams, fs/promises and readline
// (scripts/build-bin.mjs does the same for the bundle).
const builtin = process.getBuiltinModule ?? module.createRequire(import.meta.url);
const { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync } = builtin('node:fs');
const { fileURLToPath } = builtin('node:url');

const ROOT = new URL('../', import.meta.url);

/** The built bundle's manifest (scripts/build-bin.mjs), or undefined when there is none yet. */
function readManifest(bundle) {
  try {
    return JSON.parse(readFileSync(new URL(`out/bin/${bundle.replace(/\.mjs$/, '.inputs.json')}`, ROOT), 'utf8'));
  } catch {
    return undefined;
  }
}

const ROOT_PATH = fileURLToPath(ROOT);
/** Any of these sources missing or saved after the build started. String paths: a stat is most of the cost. */
const changedSince = (builtAt, sources) => sources.some((p) => !(statSync(ROOT_PATH + p, { throwIfNoEntry: false })?.mtimeMs <= builtAt));

/**
 * True when the build is missing or any source this run will load changed after it started: the
 * bundle's start-up sources, then only the lazy parts this command line loads (asked of the bundle's
 * selector, itself among the start-up sources) — `oms validate` checks ~40 files, not every one.
 */
async function isStale(bundle) {
  const manifest = readManifest(bundle);
  if (!manifest) return true;
  if (changedSince(manifest.builtAt, manifest.inputs)) return true;
  let wanted;
  if (manifest.selector) {
    try {
      const selector = await import(new URL(`out/bin/${manifest.selector}`, ROOT).href);
      const named = new Set(selector.allParts());
      const loads = new Set(selector.partsToLoad(process.argv.slice(2)));
      wanted = (part) => loads.has(part) || !named.has(part);
    } catch {
      return true;
    }
  }
  return Object.entries(manifest.parts).some(([part, sources]) => (!wanted || wanted(part)) && changedSince(manifest.builtAt, sources));
}

const LOCK = new URL('out/bin/.rebuild.lock', ROOT);
/** A lock older than this was left by a killed build. */
const LOCK_STALE_MS = 60_000;

/**
 * Rebuild unless another process is already rebuilding (then this run uses the sources through tsx
 * rather than adding a second build to a busy machine). The lock is a file created exclusively.
 */
async function rebuildOnce() {
  mkdirSync(new URL('out/bin/', ROOT), { recursive: true });
  try {
    if (Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { force: true });
  } catch {
    // No lock.
  }
  let fd;
  try {
    fd = openSync(LOCK, 'wx');
  } catch {
    return;
  }
  try {
    process.env.BUILD_BIN_QUIET = '1';
    const { buildBin } = await import(new URL('scripts/build-bin.mjs', ROOT).href);
    await buildBin();
  } finally {
    closeSync(fd);
    rmSync(LOCK, { force: true });
  }
}

/**
 * V8 keeps the code it compiled for the bundle on disk, so later runs skip parsing and compiling
 * it (`oms validate` loads ~430 KB of it). In out/compile-cache next to the bundle; in a checkout or
 * install where that cannot be created, Node's default (the OS temp dir). Never fails a run: a
 * cache that cannot be read or written only costs speed (Node reports that as a status, and
 * writes at exit without throwing). Enabled before the selector loads, so it is cached too.
 */
function enableCompileCache() {
  if (!module.enableCompileCache) return; // Node < 22.1
  try {
    const { status } = module.enableCompileCache(ROOT_PATH + 'out/compile-cache');
    if (status === module.constants.compileCacheStatus.FAILED) module.enableCompileCache();
  } catch {
    // Only costs speed.
  }
}

export async function runBuilt(bundle, source) {
  const built = new URL(`out/bin/${bundle}`, ROOT);
  if (!process.env.OMS_FROM_SOURCE) {
    enableCompileCache();
    // Checked again only after a rebuild (each check reads the manifest and stats ~40 files).
    let stale = await isStale(bundle);
    if (stale && existsSync(new URL('scripts/build-bin.mjs', ROOT))) {
      try {
        await rebuildOnce();
      } catch {
        // A read-only install, or esbuild failing on a half-saved file: run from source this time.
      }
      stale = await isStale(bundle);
    }
    if (!stale && existsSync(built)) {
      await import(built.href);
      return;
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL(source, ROOT).href);
}
