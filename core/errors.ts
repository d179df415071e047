/**
 * Every boundary throws a subclass of OmsError with a stable `code`, so callers (CLI exit codes,
 * HTTP status, IPC error objects, UI messages) switch on the code, never on message text.
 */
export class OmsError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: string; message: string; details?: Record<string, unknown> } {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

/** Errors raised while reading or building the domain model (core/model, core/yjs, core/formats). */
export class ModelError extends OmsError {}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
