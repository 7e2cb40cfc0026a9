// Every failure leaves the server as JSON {code, message, details?} with a stable code from ERROR_CODES.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { ErrorCode } from '../../shared/sync/protocol.ts';

export class ServerError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  constructor(status: number, code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.name = 'ServerError';
  }
}

export const unauthorized = (message = 'Sign in first.') => new ServerError(401, 'unauthorized', message);
export const forbidden = (message: string) => new ServerError(403, 'forbidden', message);
export const notFound = (message = 'Not found.') => new ServerError(404, 'not_found', message);

/** Parses with zod or throws 400 validation_failed listing each problem by path. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = issues[0];
  throw new ServerError(
    400,
    'validation_failed',
    first ? `Invalid request: ${first.path || '(body)'}: ${first.message}` : 'Invalid request.',
    { issues },
  );
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((req, reply) => {
    void reply
      .code(404)
      .send({ code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}` });
  });
  app.setErrorHandler((err: FastifyError | ServerError | Error, req, reply) => {
    if (err instanceof ServerError) {
      const body: Record<string, unknown> = { code: err.code, message: err.message };
      if (err.details !== undefined) body.details = err.details;
      if (
        err.status === 429 &&
        typeof err.details === 'object' &&
        err.details &&
        'retryAfterSeconds' in err.details
      ) {
        void reply.header('retry-after', String(err.details.retryAfterSeconds));
      }
      return reply.code(err.status).send(body);
    }
    const fe = err as FastifyError;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ code: 'payload_too_large', message: 'Request body too large.' });
    }
    if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
      const code: ErrorCode =
        fe.statusCode === 415 ? 'bad_request' : fe.statusCode === 429 ? 'rate_limited' : 'bad_request';
      return reply.code(fe.statusCode).send({ code, message: fe.message });
    }
    req.log.error({ err }, 'request failed');
    return reply.code(500).send({ code: 'internal', message: 'Internal server error.' });
  });
}
