// One entry point for every call from a renderer, whatever the transport: look up the method in the shared
// contract, validate the input, run the handler, validate the output, and turn any failure into a typed
// { code, message } — a stack trace never leaves the backend.
import type { z } from 'zod';
import { type MethodName, type Methods, methods, type Result } from '../../shared/api.ts';
import { isAppError } from '../../shared/errors.ts';

export type Handler<M extends MethodName> = (
  input: z.output<Methods[M]['input']>,
) => z.input<Methods[M]['output']> | Promise<z.input<Methods[M]['output']>>;
export type Handlers = { [M in MethodName]: Handler<M> };

export interface Dispatcher {
  dispatch(method: unknown, input: unknown): Promise<Result>;
}

const MAX_MESSAGE = 2000;

function describeIssue(e: z.ZodError): string {
  const issue = e.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue?.message ?? 'invalid'}`.slice(0, MAX_MESSAGE);
}

export function createDispatcher(
  handlers: Handlers,
  log: (msg: string, err: unknown) => void = () => {},
): Dispatcher {
  return {
    async dispatch(method, input) {
      if (typeof method !== 'string' || !Object.hasOwn(methods, method)) {
        return {
          ok: false,
          error: { code: 'UNKNOWN_METHOD', message: `There is no method ${String(method).slice(0, 80)}.` },
        };
      }
      const name = method as MethodName;
      const spec = methods[name];
      const parsed = spec.input.safeParse(input ?? {});
      if (!parsed.success) {
        return {
          ok: false,
          error: { code: 'INVALID_INPUT', message: `${name}: ${describeIssue(parsed.error)}` },
        };
      }
      try {
        const handler = handlers[name] as (i: unknown) => unknown;
        const value = await handler(parsed.data);
        const out = spec.output.safeParse(value);
        if (!out.success) {
          log(`${name} produced output that breaks the contract`, out.error);
          return {
            ok: false,
            error: { code: 'INTERNAL', message: 'Something went wrong inside CastMatch; please try again.' },
          };
        }
        return { ok: true, value: out.data };
      } catch (e) {
        if (isAppError(e))
          return { ok: false, error: { code: e.code, message: e.message.slice(0, MAX_MESSAGE) } };
        // Another connection (an import worker's one transaction) held the write lock past busy_timeout.
        if (String((e as { code?: unknown }).code).startsWith('SQLITE_BUSY'))
          return {
            ok: false,
            error: {
              code: 'BUSY',
              message:
                'The database is busy saving another change, such as a large import. Nothing was changed: try again in a moment.',
            },
          };
        log(`${name} failed`, e);
        return {
          ok: false,
          error: { code: 'INTERNAL', message: 'Something went wrong inside CastMatch; please try again.' },
        };
      }
    },
  };
}
