/**
 * Store commands end with one line on stderr naming the workspace and file they acted on, because
 * which workspace is used can be implicit (`default`, or the only one, under $OMS_HOME or the user
 * data dir). stderr keeps stdout clean for data (`oms cat > x.json`); `--json` output carries no note.
 */
import type { Command } from 'commander';
import { color } from './output';

export function announceWorkspace(command: Command, ws: { name: string; file: string }): void {
  const opts = command.optsWithGlobals() as { json?: unknown };
  if (opts.json) return;
  process.stderr.write(color.dim(`workspace ${ws.name} (${ws.file})\n`));
}
