/** Commander hands options over as an untyped object; every command checks its own with zod. */
import type { z } from 'zod';
import { CliError } from '../errors';

export function parseOptions<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `--${issue.path.map(String).join('.')}: ` : '';
    throw new CliError('ARG_INVALID', `${where}${issue?.message ?? 'invalid options'}`);
  }
  return result.data;
}
