// Bundles the CLI, the sync server and the studio's web host to JavaScript (out/bin/*.mjs) so `oms` and `oms-sync` start
// without compiling TypeScript on every run (tsx took ~0.7 s of each call). Runs from `prepare`
// (so `npm ci` builds it) and from `npm run build`. Our TypeScript is bundled; node_modules stays
// external, so native modules (better-sqlite3) and the single copy of yjs load as usual.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(ROOT, 'out/bin');

export const ENTRIES = [
  { source: 'cli/main.ts', output: 'oms.mjs' },
  { source: 'sync-server/cli.ts', output: 'oms-sync.mjs' },
  { source: 'main/web/cli.ts', output: 'studio-web.mjs' },
];

/**
 * Modules that locate files next to themselves (`new URL('../package.json', import.meta.url)`) would
 * resolve against the bundle's folder instead. Rewrite `import.meta.url` in each of our modules to
 * the URL of its own source file, expressed relative to the bundle, so those lookups keep working
 * wherever the checkout lives.
 */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (/[\\/]node_modules[\\/]/.test(args.path)) return undefined;
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
      const fromBundle = relative(OUT_DIR, args.path).split('\\').join('/');
      const replacement = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
      return { contents: text.split('import.meta.url').join(replacement), loader: 'ts' };
    });
  },
};

const BUNDLED_PACKAGES = ['zod', 'commander'];

/** Like `packages: 'external'`, but the listed packages are bundled. */
function externalExcept(bundled) {
  return {
    name: 'external-except',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
        return bundled.includes(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

/** Write via temp + rename: test files build concurrently and a reader must never see half a bundle. */
function writeAtomic(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

/**
 * Chunk names carry a content hash, so older builds leave chunks behind. Remove those no current
 * bundle refers to, once they are old enough that no oms process started before this build can still
 * be about to load them.
 */
function removeStaleChunks(current) {
  if (!existsSync(OUT_DIR)) return;
  const cutoff = Date.now() - 10 * 60_000;
  for (const name of readdirSync(OUT_DIR)) {
    if (!name.startsWith('chunk-')) continue;
    const path = join(OUT_DIR, name);
    if (current.has(path)) continue;
    try {
      if (statSync(path).mtimeMs < cutoff) rmSync(path, { force: true });
    } catch {
      // Another build removed it first.
    }
  }
}

export async function buildBin() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    // A production install (--omit=dev) has no esbuild; bin/*.js then run the sources through tsx.
    process.stderr.write('build-bin: esbuild is not installed; oms will run from TypeScript (slower start-up)\n');
    return [];
  }
  const started = performance.now();
  // Sources saved while the build runs must count as newer than it.
  const buildStarted = Date.now();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(ENTRIES.map((e) => [e.output.replace(/\.mjs$/, ''), e.source])),
    outdir: OUT_DIR,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Each command is a dynamic import (cli/commands/index.ts); split chunks keep its imports unloaded until it runs.
    splitting: true,
    // Chunks sit next to the entries: keepModuleUrls rewrites URLs relative to out/bin/.
    chunkNames: 'chunk-[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // Dependencies load from node_modules (native better-sqlite3, one shared copy of yjs/lib0), except
    // pure-JS libraries of many small modules that every command loads: bundled, they cost one parse
    // instead of hundreds of module resolutions (zod alone was ~100 ms of `oms validate`).
    plugins: [keepModuleUrls, externalExcept(BUNDLED_PACKAGES)],
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
    metafile: true,
  });
  for (const file of result.outputFiles) writeAtomic(file.path, file.contents);
  // bin/run-built.js compares these sources' mtimes with the build time, so an edited checkout rebuilds itself.
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules/'));
  writeAtomic(join(OUT_DIR, 'inputs.json'), JSON.stringify({ builtAt: buildStarted, inputs }));
  removeStaleChunks(new Set(result.outputFiles.map((f) => f.path)));
  const written = result.outputFiles.map((f) => relative(ROOT, f.path));
  if (!process.env.BUILD_BIN_QUIET) process.stderr.write(`build-bin: ${ENTRIES.map((e) => `out/bin/${e.output}`).join(', ')} in ${Math.round(performance.now() - started)} ms\n`);
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildBin();
