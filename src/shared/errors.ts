import { z } from 'zod';

/** The only error shape that crosses a process or network boundary: a stable code and a human message. */
export const appErrorSchema = z.object({ code: z.string().min(1).max(64), message: z.string().max(2000) });
export type AppErrorShape = z.infer<typeof appErrorSchema>;

export class AppError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = 'AppError';
  }

  toJSON(): AppErrorShape {
    return { code: this.code, message: this.message };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
