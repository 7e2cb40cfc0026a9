// The Anthropic client, error classification and our own retry loop (the SDK's retries are off so the UI can
// show a countdown). Streaming is read from the raw event stream so we see exactly where a stream stops.
import Anthropic from '@anthropic-ai/sdk';
import type {
  MessageCreateParamsNonStreaming,
  MessageCreateParamsStreaming,
  RawMessageStreamEvent,
} from '@anthropic-ai/sdk/resources/messages';
import type { ChatErrorCode, TestConnectionResult, Usage } from '../../shared/chat.ts';
import { AppError } from '../../shared/errors.ts';
import { UNPARSED_TOOL_INPUT } from './tools.ts';

export type ClaudeClientConfig = {
  apiKey: string;
  /** Tests point this at the fake server. */
  baseURL?: string;
  timeoutMs?: number;
};

export function createAnthropic(cfg: ClaudeClientConfig): Anthropic {
  return new Anthropic({
    apiKey: cfg.apiKey,
    baseURL: cfg.baseURL ?? null,
    maxRetries: 0,
    timeout: cfg.timeoutMs ?? 120_000,
  });
}

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

export type RetryPolicy = {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest retry-after we wait for before giving up (the user can resend). */
  maxRetryAfterSeconds: number;
};
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterSeconds: 120,
};

export type RetryNotice = { attempt: number; maxAttempts: number; inSeconds: number; code: ChatErrorCode };

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ChatError('STOPPED', 'Stopped.'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new ChatError('STOPPED', 'Stopped.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs fn; on a retryable error waits (retry-after when the server gave one, else exponential backoff with
 * jitter) and tries again, announcing each wait through onRetry. Throws the classified last error.
 */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  opts: { signal?: AbortSignal; policy?: Partial<RetryPolicy>; onRetry?: (n: RetryNotice) => void },
): Promise<T> {
  const p = { ...DEFAULT_RETRY, ...opts.policy };
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (raw) {
      const err = classifyError(raw);
      if (opts.signal?.aborted) throw new ChatError('STOPPED', 'Stopped.');
      if (!err.retryable || attempt >= p.maxAttempts) throw finalError(err, attempt);
      if (err.retryAfterSeconds !== null && err.retryAfterSeconds > p.maxRetryAfterSeconds)
        throw finalError(err, attempt);
      const backoff =
        Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
      const waitMs = err.retryAfterSeconds !== null ? err.retryAfterSeconds * 1000 : backoff;
      opts.onRetry?.({
        attempt: attempt + 1,
        maxAttempts: p.maxAttempts,
        inSeconds: Math.round(waitMs / 100) / 10,
        code: err.chatCode,
      });
      await abortableSleep(waitMs, opts.signal);
    }
  }
}

function finalError(err: ChatError, attempts: number): ChatError {
  if (!err.retryable || attempts <= 1) return err;
  const what =
    err.chatCode === 'RATE_LIMITED'
      ? 'rate-limited'
      : err.chatCode === 'OVERLOADED'
        ? 'overloaded'
        : 'failing';
  return new ChatError(
    err.chatCode,
    `Claude is still ${what} after ${attempts} attempts. Your message is kept; try again in a minute.`,
    { retryAfterSeconds: err.retryAfterSeconds },
  );
}

// ---------- one streamed API call ----------

export type StreamedBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown; inputJson: string };

export type StreamOutcome = {
  blocks: StreamedBlock[];
  stopReason: string | null;
  usage: Usage;
  /** False when the stream ended or broke before message_stop. */
  complete: boolean;
  /** Set when the stream broke after it had started (the blocks so far are kept). */
  error: ChatError | null;
};

export type StreamHandlers = {
  onText?: (delta: string) => void;
  onToolUse?: (block: { id: string; name: string; input: unknown }) => void;
};

function usageFrom(u: {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}): Usage {
  return {
    inputTokens: u.input_tokens ?? 0,
    outputTokens: u.output_tokens ?? 0,
    cacheWriteTokens: u.cache_creation_input_tokens ?? 0,
    cacheReadTokens: u.cache_read_input_tokens ?? 0,
  };
}

/**
 * One streaming Messages call. Errors before the first event throw (so withRetries can retry them); a break
 * after the stream started returns what arrived with complete=false and the error, so the partial is kept.
 */
export async function streamMessage(
  client: Anthropic,
  params: Omit<MessageCreateParamsStreaming, 'stream'>,
  handlers: StreamHandlers,
  signal?: AbortSignal,
  opts: { idleTimeoutMs?: number } = {},
): Promise<StreamOutcome> {
  // A connection that goes silent (Wi-Fi dropped without a reset) would otherwise hang the answer forever.
  const idleMs = opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const ctl = new AbortController();
  const onAbort = () => ctl.abort();
  if (signal?.aborted) ctl.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let idle = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      idle = true;
      ctl.abort();
    }, idleMs);
  };
  arm();
  try {
    return await readStream(client, params, handlers, ctl.signal, arm, () => idle, signal);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

const silentError = () =>
  new ChatError(
    'OFFLINE',
    'Claude stopped responding (no data for a while). Check the connection; your message is kept.',
    {
      retryable: true,
    },
  );

async function readStream(
  client: Anthropic,
  params: Omit<MessageCreateParamsStreaming, 'stream'>,
  handlers: StreamHandlers,
  signal: AbortSignal,
  onActivity: () => void,
  isIdle: () => boolean,
  userSignal: AbortSignal | undefined,
): Promise<StreamOutcome> {
  let stream: AsyncIterable<RawMessageStreamEvent>;
  try {
    stream = await client.messages.create({ ...params, stream: true }, { signal });
  } catch (e) {
    if (isIdle() && !userSignal?.aborted) throw silentError();
    throw e;
  }
  const blocks: StreamedBlock[] = [];
  let usage: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  let stopReason: string | null = null;
  let complete = false;
  let started = false;
  try {
    for await (const ev of stream) {
      onActivity();
      switch (ev.type) {
        case 'message_start':
          started = true;
          usage = usageFrom(ev.message.usage);
          break;
        case 'content_block_start': {
          const b = ev.content_block;
          if (b.type === 'text') {
            blocks[ev.index] = { type: 'text', text: b.text };
            if (b.text) handlers.onText?.(b.text);
          } else if (b.type === 'tool_use') {
            blocks[ev.index] = { type: 'tool_use', id: b.id, name: b.name, input: {}, inputJson: '' };
          }
          break;
        }
        case 'content_block_delta': {
          const b = blocks[ev.index];
          if (ev.delta.type === 'text_delta' && b?.type === 'text') {
            b.text += ev.delta.text;
            handlers.onText?.(ev.delta.text);
          } else if (ev.delta.type === 'input_json_delta' && b?.type === 'tool_use') {
            b.inputJson += ev.delta.partial_json;
          }
          break;
        }
        case 'content_block_stop': {
          const b = blocks[ev.index];
          if (b?.type === 'tool_use') {
            try {
              b.input = b.inputJson ? (JSON.parse(b.inputJson) as unknown) : {};
            } catch {
              // Kept as an object (the API wants one back in the history); runTool answers it as an error.
              b.input = { [UNPARSED_TOOL_INPUT]: b.inputJson };
            }
            handlers.onToolUse?.({ id: b.id, name: b.name, input: b.input });
          }
          break;
        }
        case 'message_delta':
          stopReason = ev.delta.stop_reason;
          // message_delta carries cumulative output (and sometimes input) counts.
          usage = {
            inputTokens: ev.usage.input_tokens ?? usage.inputTokens,
            outputTokens: ev.usage.output_tokens ?? usage.outputTokens,
            cacheReadTokens: ev.usage.cache_read_input_tokens ?? usage.cacheReadTokens,
            cacheWriteTokens: ev.usage.cache_creation_input_tokens ?? usage.cacheWriteTokens,
          };
          break;
        case 'message_stop':
          complete = true;
          break;
      }
    }
  } catch (raw) {
    const cause = isIdle() && !userSignal?.aborted ? silentError() : classifyError(raw);
    if (!started && !userSignal?.aborted) throw cause; // nothing shown yet: let the caller retry
    // Once the answer has begun, any break (socket cut, mid-stream error event) is an interruption.
    const err =
      userSignal?.aborted || cause.chatCode === 'STOPPED'
        ? new ChatError('STOPPED', 'Stopped.')
        : new ChatError(
            'STREAM_INTERRUPTED',
            `The answer was cut off mid-stream (${cause.chatCode === 'OVERLOADED' ? 'Claude became overloaded' : 'connection lost'}). The partial answer is kept.`,
          );
    return { blocks: blocks.filter(Boolean), stopReason, usage, complete: false, error: err };
  }
  if (signal.aborted) {
    // The SDK ends the iteration quietly on abort: either the user stopped, or the stream went silent.
    if (!userSignal?.aborted && !started) throw silentError();
    const error = userSignal?.aborted
      ? new ChatError('STOPPED', 'Stopped.')
      : new ChatError(
          'STREAM_INTERRUPTED',
          'The answer stalled mid-stream (no data for a while). The partial answer is kept.',
        );
    return { blocks: blocks.filter(Boolean), stopReason, usage, complete: false, error };
  }
  if (!complete) {
    return {
      blocks: blocks.filter(Boolean),
      stopReason,
      usage,
      complete: false,
      error: new ChatError(
        'STREAM_INTERRUPTED',
        'The answer was cut off mid-stream. The partial answer is kept.',
      ),
    };
  }
  return { blocks: blocks.filter(Boolean), stopReason, usage, complete: true, error: null };
}

/** A non-streaming call (summaries). */
export async function createMessage(
  client: Anthropic,
  params: Omit<MessageCreateParamsNonStreaming, 'stream'>,
  signal?: AbortSignal,
): Promise<{ text: string; usage: Usage }> {
  const msg = await client.messages.create({ ...params, stream: false }, { signal });
  const text = msg.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
  return { text, usage: usageFrom(msg.usage) };
}

/** Settings → "Test connection": checks the key and that the model exists, without spending tokens. */
export async function testConnection(
  cfg: ClaudeClientConfig | null,
  model: string,
): Promise<TestConnectionResult> {
  const t0 = performance.now();
  if (!cfg?.apiKey) {
    return {
      ok: false,
      model,
      latencyMs: 0,
      error: { code: 'NO_API_KEY', message: 'No Anthropic API key is set. Add one in Settings → Claude.' },
    };
  }
  try {
    const client = createAnthropic({ ...cfg, timeoutMs: cfg.timeoutMs ?? 15_000 });
    const info = await client.models.retrieve(model);
    return { ok: true, model: info.id, latencyMs: Math.round(performance.now() - t0), error: null };
  } catch (e) {
    const err = classifyError(e);
    return {
      ok: false,
      model,
      latencyMs: Math.round(performance.now() - t0),
      error: { code: err.chatCode, message: err.message },
    };
  }
}
