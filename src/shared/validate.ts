import type { z } from 'zod';
import { AppError } from './errors.ts';

/** Parses with a zod schema, turning the first issue into a VALIDATION AppError that names the field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  code = 'VALIDATION',
): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new AppError(code, `${where}${issue?.message ?? 'invalid input'}`);
  }
  return r.data;
}
