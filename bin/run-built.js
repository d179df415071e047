// Loads the bundled entry point built by scripts/build-bin.mjs (at `npm ci` via prepare, and by
// `npm run build`). In a checkout whose sources changed since that build, it rebuilds first (about
// half a second), so `npm run oms` and tests never run stale code. Without esbuild (a production
// install) and without a build it runs the TypeScript sources through tsx instead: slower start-up,
// same behaviour. OMS_FROM_SOURCE=1 forces that.
import { existsSync, readFileSync, statSync } from 'node:fs';
import module from 'node:module';

const ROOT = new URL('../', import.meta.url);

/** True when the build is missing or any source it was built from changed after it started. */
function isStale() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(new URL('out/bin/inputs.json', ROOT), 'utf8'));
  } catch {
    return true;
  }
  for (const input of manifest.inputs) {
    try {
      if (statSync(new URL(input, ROOT)).mtimeMs > manifest.builtAt) return true;
    } catch {
      return true;
    }
  }
  return false;
}

export async function runBuilt(bundle, source) {
  const built = new URL(`out/bin/${bundle}`, ROOT);
  if (!process.env.OMS_FROM_SOURCE) {
    if (isStale() && existsSync(new URL('scripts/build-bin.mjs', ROOT))) {
      process.env.BUILD_BIN_QUIET = '1';
      const { buildBin } = await import(new URL('scripts/build-bin.mjs', ROOT).href);
      await buildBin();
    }
    if (existsSync(built) && !isStale()) {
      // V8 keeps the compiled bundle on disk (os.tmpdir()/node-compile-cache), so later runs skip
      // parsing and compiling it; a missing or unwritable cache only costs speed.
      module.enableCompileCache?.();
      await import(built.href);
      return;
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL(source, ROOT).href);
}
