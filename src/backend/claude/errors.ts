// ChatError and the classification of whatever the SDK (or fetch) throws into one, with a message a casting
// assistant can act on and whether (and when) it is worth retrying.
import Anthropic from '@anthropic-ai/sdk';
import type { ChatErrorCode } from '../../shared/chat.ts';
import { AppError } from '../../shared/errors.ts';

export class ChatError extends AppError {
  readonly chatCode: ChatErrorCode;
  /** Seconds the server asked us to wait (retry-after), when it said. */
  readonly retryAfterSeconds: number | null;
  readonly retryable: boolean;
  constructor(
    code: ChatErrorCode,
    message: string,
    opts: { retryAfterSeconds?: number | null; retryable?: boolean } = {},
  ) {
    super(code, message);
    this.chatCode = code;
    this.retryAfterSeconds = opts.retryAfterSeconds ?? null;
    this.retryable = opts.retryable ?? false;
  }
}

function parseRetryAfter(headers: Headers | undefined): number | null {
  if (!headers) return null;
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Number(ms) / 1000;
  const ra = headers.get('retry-after');
  if (!ra) return null;
  if (Number.isFinite(Number(ra))) return Math.max(0, Number(ra));
  const at = Date.parse(ra);
  return Number.isNaN(at) ? null : Math.max(0, (at - Date.now()) / 1000);
}

function apiMessageOf(e: InstanceType<typeof Anthropic.APIError>): string {
  const body = e.error as { error?: { message?: unknown } } | undefined;
  const m = body?.error?.message;
  return typeof m === 'string' ? m : e.message;
}

const CONTEXT_TOO_LONG_RE =
  /prompt is too long|too many tokens|context (window|length)|maximum context|input is too long/i;

/** Maps anything the SDK (or fetch) throws to a ChatError with a message a casting assistant can act on. */
export function classifyError(e: unknown): ChatError {
  if (e instanceof ChatError) return e;
  if (e instanceof Anthropic.APIUserAbortError) return new ChatError('STOPPED', 'Stopped.');
  if (e instanceof Anthropic.APIConnectionTimeoutError)
    return new ChatError(
      'OFFLINE',
      'Claude did not answer in time. Check the internet connection; your message is kept.',
    );
  if (e instanceof Anthropic.APIConnectionError)
    return new ChatError(
      'OFFLINE',
      'Cannot reach Claude: the computer seems to be offline. Your message is kept; send it again when back online.',
    );
  if (e instanceof Anthropic.APIError) {
    const status = e.status;
    const msg = apiMessageOf(e);
    const type = (e.error as { error?: { type?: unknown } } | undefined)?.error?.type;
    const retryAfterSeconds = parseRetryAfter(e.headers);
    if (status === 401)
      return new ChatError('AUTH', 'The Anthropic API key was refused (401). Check it in Settings → Claude.');
    if (status === 403) return new ChatError('AUTH', `This API key is not allowed to do that (403): ${msg}`);
    if (status === 429)
      return new ChatError('RATE_LIMITED', `Rate limited by Anthropic: ${msg}`, {
        retryAfterSeconds,
        retryable: true,
      });
    if (status === 529 || type === 'overloaded_error')
      return new ChatError('OVERLOADED', 'Claude is overloaded right now.', {
        retryAfterSeconds,
        retryable: true,
      });
    if (status === 413 || (status === 400 && CONTEXT_TOO_LONG_RE.test(msg)))
      return new ChatError(
        'CONTEXT_TOO_LONG',
        'This conversation (with its attachments) is too long for the model. Start a new conversation or remove attachments.',
      );
    if (status === 404) return new ChatError('NOT_FOUND', `Not found: ${msg} (is the model name right?)`);
    if (status === 400) return new ChatError('BAD_REQUEST', `Claude refused the request: ${msg}`);
    if (status !== undefined && status >= 500)
      return new ChatError('API_ERROR', `Anthropic had a server error (${status}).`, {
        retryAfterSeconds,
        retryable: true,
      });
    return new ChatError('API_ERROR', `Claude error${status ? ` (${status})` : ''}: ${msg}`);
  }
  if (e instanceof AppError) return new ChatError('API_ERROR', e.message);
  // fetch's own failures (undici "terminated", ECONNRESET) when a body breaks mid-read.
  const m = e instanceof Error ? e.message : String(e);
  return new ChatError('API_ERROR', `Unexpected error talking to Claude: ${m}`);
}
