import { OmsError } from '../../../core/errors';

/**
 * Import/export failures. Stable codes: IMPORT_PARSE_ERROR (details: line, column when known),
 * IMPORT_UNSUPPORTED_FORMAT, IMPORT_REMOTE_CONTEXT (JSON-LD that needs the network), EXPORT_UNSUPPORTED_FORMAT,
 * EXPORT_FAILED.
 */
export class InteropError extends OmsError {}
