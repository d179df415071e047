// Bundles the CLI, the sync server and the studio's web host to JavaScript (out/bin/*.mjs) so `oms` and `oms-sync` start
// without compiling TypeScript on every run (tsx took ~0.7 s of each call). Runs from `prepare`
// (so `npm ci` builds it) and from `npm run build`. Our TypeScript is bundled; node_modules stays
// external, so native modules (better-sqlite3) and the single copy of yjs load as usual.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(ROOT, 'out/bin');

export const ENTRIES = [
  // `selector`: a bundle of its own that says, from argv, which lazy parts a run loads (bin/run-built.js).
  { source: 'cli/main.ts', output: 'oms.mjs', selector: { source: 'cli/commands/requested.ts', output: 'oms-requested.mjs' } },
  { source: 'sync-server/cli.ts', output: 'oms-sync.mjs' },
  { source: 'main/web/cli.ts', output: 'studio-web.mjs' },
];

/** Where bin/run-built.js finds what a bundle was built from. */
export const manifestFile = (output) => join(OUT_DIR, output.replace(/\.mjs$/, '.inputs.json'));

/**
 * What one bundle was built from, for bin/run-built.js to compare mtimes with: `inputs`, the
 * sources of what it loads at start (its static imports), and `parts`, per lazily imported module
 * (keyed by its source), the further sources everything that part may load brings in. A run then
 * checks only the parts it will load (an `oms validate` does not stat the merge's sources).
 */
function bundleManifest(metafile, output, builtAt, selector) {
  const outputs = metafile.outputs;
  const key = (path) => relative(ROOT, path).split('\\').join('/');
  const byKey = new Map(Object.entries(outputs).filter(([p]) => !p.endsWith('.map')).map(([p, o]) => [key(join(ROOT, p)), o]));
  const closure = (start, kinds) => {
    const seen = new Set();
    const stack = [start];
    while (stack.length > 0) {
      const k = stack.pop();
      if (seen.has(k)) continue;
      seen.add(k);
      for (const i of byKey.get(k)?.imports ?? []) if (!i.external && kinds.includes(i.kind)) stack.push(key(join(ROOT, i.path)));
    }
    return seen;
  };
  // Files of ours only: not dependencies, nor modules of a plugin's namespace (`node-builtin:node:fs`).
  const sources = (outs) => new Set([...outs].flatMap((k) => Object.keys(byKey.get(k)?.inputs ?? {})).filter((p) => !p.includes('node_modules/') && !p.includes(':')));
  const entry = key(join(OUT_DIR, output));
  const atStart = closure(entry, ['import-statement']);
  const inputs = sources(atStart);
  const parts = {};
  for (const k of atStart) {
    for (const i of byKey.get(k)?.imports ?? []) {
      if (i.external || i.kind !== 'dynamic-import') continue;
      const part = byKey.get(key(join(ROOT, i.path)));
      if (!part?.entryPoint) continue;
      parts[part.entryPoint] = [...sources(closure(key(join(ROOT, i.path)), ['import-statement', 'dynamic-import']))].filter((p) => !inputs.has(p)).sort();
    }
  }
  return { builtAt, inputs: [...inputs].sort(), parts, ...(selector ? { selector } : {}) };
}

/**
 * Two rewrites of our TypeScript sources as they are bundled (one onLoad: esbuild runs only the
 * first that returns contents).
 *
 * Modules that locate files next to themselves (`new URL('../package.json', import.meta.url)`) would
 * resolve against the bundle's folder instead. Rewrite `import.meta.url` in each of our modules to
 * the URL of its own source file, expressed relative to the bundle, so those lookups keep working
 * wherever the checkout lives.
 *
 * `import { z } from 'zod'` imports zod's namespace as one value, so esbuild keeps every export of
 * it; `import * as z from 'zod'` (the same bindings: zod's index re-exports them) lets it see which
 * `z.member`s we use and leave the rest of zod out (its bundled size for oms: 391 KB, now ~200 KB,
 * parsed and run by every command).
 */
const ZOD_NAMED_IMPORT = /^import \{ z \} from 'zod';$/gm;
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (/[\\/]node_modules[\\/]/.test(args.path)) return undefined;
      const { readFile } = await import('node:fs/promises');
      const text = (await readFile(args.path, 'utf8')).replace(ZOD_NAMED_IMPORT, "import * as z from 'zod';");
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
      const fromBundle = relative(OUT_DIR, args.path).split('\\').join('/');
      const replacement = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
      return { contents: text.split('import.meta.url').join(replacement), loader: 'ts' };
    });
  },
};

const BUNDLED_PACKAGES = ['zod', 'commander'];
/**
 * Stateless lib0 helpers core/model uses (hashing, ids): bundled, `oms validate` resolves ~30 fewer
 * modules. The rest of lib0 stays external: yjs and y-protocols must share one copy of it with us.
 */
const BUNDLED_SUBPATHS = ['lib0/random', 'lib0/hash/sha256', 'lib0/buffer', 'lib0/string'];

/**
 * zod's namespace re-exports every translation of its messages (`z.locales`, ~45% of the bundled
 * zod, parsed by every command); we only ever use its default English one, so the bundle keeps that.
 */
const englishZodOnly = {
  name: 'english-zod-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: 'export { default as en } from "./en.js";\n', loader: 'js' }));
  },
};

/**
 * Node's built-in modules as CommonJS values (process.getBuiltinModule) instead of ESM imports:
 * importing `node:fs` as ESM builds a facade that reads every export, and reading `ReadStream`
 * loads fs streams, fs/promises, readline and more (~10% of `oms validate` in a profile). Through
 * esbuild's CommonJS interop an export is read only where our code uses it.
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-builtin' }));
    // __omsBuiltin is defined by BUILTIN_BANNER at the top of every output file.
    build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({ contents: builtinModule(args.path), loader: 'js' }));
  },
};

/**
 * Built-ins whose exports must not be copied as they are: esbuild's interop (__toESM) reads the
 * property descriptor of every export, and some of Node's lazily defined exports load their module
 * when their descriptor is read (util: parseArgs, diff, setTraceSigInt pull in streams and
 * worker_threads, ~35 modules; fs: Dir). These are loaded at Node's bootstrap, so their names cost
 * nothing to list at run time.
 */
const COPY_BY_GETTER = new Set(['node:fs', 'node:util']);
/**
 * Built-ins that start-up imports but does not call and that cost milliseconds to load: commander
 * imports child_process for executable sub-commands (oms has none); lib0/random and the store
 * import crypto; cli/main and input files import v8 (11 modules) for calls `oms --version` never
 * makes. They load on the first read of an export. Listing their exports would load them,
 * so the names are those of the Node that builds; run-built rebuilds with the Node that runs.
 */
const LOAD_ON_FIRST_USE = new Set(['node:child_process', 'node:crypto', 'node:v8']);
const requireBuiltin = createRequire(import.meta.url);

/** The CommonJS stand-in for one built-in (see lazyBuiltins). */
function builtinModule(path) {
  const id = JSON.stringify(path);
  const forward = (names, real) =>
    `const exports_ = {};\nfor (const key of ${names}) Object.defineProperty(exports_, key, { enumerable: true, get: () => ${real}[key] });\nmodule.exports = exports_;`;
  if (COPY_BY_GETTER.has(path)) return `const real = __omsBuiltin(${id});\n${forward('Object.getOwnPropertyNames(real)', 'real')}`;
  if (LOAD_ON_FIRST_USE.has(path)) return `let real;\n${forward(JSON.stringify(Object.getOwnPropertyNames(requireBuiltin(path))), `(real ??= __omsBuiltin(${id}))`)}`;
  return `module.exports = __omsBuiltin(${id});`;
}

/**
 * lib0/webcrypto (for Node) reads node:crypto's webcrypto as it loads. This stand-in, for the bundled
 * lib0/random only, reads it when an id is made (through the lazy node:crypto above), so commands
 * that make none (`oms validate`) never load crypto. It has only what lib0/random imports: an import
 * of anything else (`subtle`) fails the build rather than the run.
 */
const lazyWebcrypto = {
  name: 'lazy-webcrypto',
  setup(build) {
    build.onResolve({ filter: /^lib0\/webcrypto$/ }, (args) => (/[\\/]node_modules[\\/]lib0[\\/]/.test(args.importer) ? { path: args.path, namespace: 'lazy-webcrypto' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'lazy-webcrypto' }, () => ({
      contents: "import { webcrypto } from 'node:crypto';\nexport const getRandomValues = (array) => webcrypto.getRandomValues(array);\n",
      loader: 'js',
    }));
  },
};

/** getBuiltinModule is Node 22.3+; on 22.0–22.2 (which bin/node-version.js lets through) require does the same. */
const BUILTIN_BANNER = "import { createRequire as __omsCreateRequire } from 'node:module';\nconst __omsBuiltin = process.getBuiltinModule ?? __omsCreateRequire(import.meta.url);";

/** Like `packages: 'external'`, but the listed packages are bundled. */
function externalExcept(bundled) {
  return {
    name: 'external-except',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
        return bundled.includes(name) || BUNDLED_SUBPATHS.includes(args.path) ? undefined : { path: args.path, external: true };
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
  // One build per bundle (with its selector), not one for all: esbuild splits shared code into a
  // chunk per set of entry points that use it, so code oms shares with oms-sync or the web host
  // (commander, errors, the built-in stand-ins) was cut into chunks of its own, each one more module
  // to resolve and load at start (`oms validate` loaded 25 modules, now 16). The bundles never load
  // each other, so each keeping its own copy of shared code changes nothing at run time.
  const results = await Promise.all(ENTRIES.map((entry) => esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries([entry, ...(entry.selector ? [entry.selector] : [])].map((e) => [e.output.replace(/\.mjs$/, ''), e.source])),
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
    plugins: [keepModuleUrls, englishZodOnly, lazyBuiltins, lazyWebcrypto, externalExcept(BUNDLED_PACKAGES)],
    banner: { js: BUILTIN_BANNER },
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
    metafile: true,
  })));
  const outputFiles = results.flatMap((r) => r.outputFiles);
  for (const file of outputFiles) writeAtomic(file.path, file.contents);
  // bin/run-built.js compares these sources' mtimes with the build time, so an edited checkout rebuilds itself.
  ENTRIES.forEach((e, i) => writeAtomic(manifestFile(e.output), JSON.stringify(bundleManifest(results[i].metafile, e.output, buildStarted, e.selector?.output))));
  // The single manifest of earlier builds (every bundle's inputs in one list).
  rmSync(join(OUT_DIR, 'inputs.json'), { force: true });
  removeStaleChunks(new Set(outputFiles.map((f) => f.path)));
  // bin/run-built.js's compile cache keeps an entry per compiled file, and chunk names change with
  // their contents: without this it grew by megabytes an hour in a checkout being edited. The next
  // run of each bundle compiles afresh and fills it again.
  rmSync(join(ROOT, 'out/compile-cache'), { recursive: true, force: true });
  const written = outputFiles.map((f) => relative(ROOT, f.path));
  if (!process.env.BUILD_BIN_QUIET) process.stderr.write(`build-bin: ${ENTRIES.map((e) => `out/bin/${e.output}`).join(', ')} in ${Math.round(performance.now() - started)} ms\n`);
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildBin();
