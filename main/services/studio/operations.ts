/**
 * Store operations that both the handler map (in main) and the job worker (in a worker thread) run,
 * written once here: reading one side of a diff, export to text, import from text.
 */
import type { DiffSide, ExportFormat, ImportFormat } from '../../../core/contract/studio-api';
import { StudioError } from '../../../core/contract/studio-api';
import { canonicalJson, type Ontology } from '../../../core/model';
import { detectFormat, exportOntology, importText, type ImportOutcome } from '../interop';
import type { Workspace } from '../store';

/** A ref's committed ontology, or a branch's working state. */
export function readSide(ws: Workspace, side: DiffSide): Promise<Ontology> | Ontology {
  return 'ref' in side ? ws.checkout(side.ref) : ws.readWorking(side.working);
}

export async function exportText(ws: Workspace, args: { format: ExportFormat; branch?: string | undefined; ref?: string | undefined }): Promise<string> {
  const o = await readSide(ws, args.ref ? { ref: args.ref } : { working: args.branch ?? ws.defaultBranch });
  return args.format === 'oms' ? canonicalJson(o, { pretty: true }) : exportOntology(o, args.format);
}

/** Parse an import; the format comes from the argument, else the file name, else JSON-looking text is oms. */
export function parseImport(args: { name: string; text: string; format?: ImportFormat | undefined; fileName?: string | undefined }): Promise<ImportOutcome> {
  const format = args.format ?? (args.fileName ? detectFormat(args.fileName, args.text) : /^\s*\{/.test(args.text) ? 'oms' : undefined);
  if (!format) throw new StudioError('BAD_ARGUMENT', 'cannot tell the format of the import: pass format or fileName', { field: 'format' });
  return importText(args.text, format, { name: args.name });
}
