// better-sqlite3 13 crashes (SIGSEGV) on Node 20 and the tools use Node 22+ APIs, so refuse early
// with a message instead of a silent segfault. npm scripts and npx use the pinned Node 24.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `error[NODE_TOO_OLD]: OMS Studio needs Node 22 or newer, this is ${process.version}.\n` +
      'Run it through npm so the pinned Node 24 is used: `npm run oms -- <command>` or `npx oms <command>` after `npm ci`.\n',
  );
  process.exit(70);
}
