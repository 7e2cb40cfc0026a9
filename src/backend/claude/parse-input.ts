// The chat engine's check of a call's input: the first zod issue becomes an INVALID_INPUT AppError naming
// the field.
import { AppError } from '../../shared/errors.ts';

export function parseInput<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
  },
  v: unknown,
): T {
  const r = schema.safeParse(v);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new AppError('INVALID_INPUT', i ? `${i.path.join('.') || 'input'}: ${i.message}` : 'Invalid input');
  }
  return r.data;
}
