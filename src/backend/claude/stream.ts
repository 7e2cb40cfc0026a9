// One streamed Messages call, read from the raw event stream so we see exactly where a stream stops: text and
// tool_use blocks as they arrive, usage, and whether it ended, broke or went silent.
import type Anthropic from '@anthropic-ai/sdk';
import type {
  MessageCreateParamsStreaming,
  RawMessageStreamEvent,
} from '@anthropic-ai/sdk/resources/messages';
import type { Usage } from '../../shared/chat-usage.ts';
import { usageFrom } from './client.ts';
import { ChatError, classifyError } from './errors.ts';
import { UNPARSED_TOOL_INPUT } from './tool-runner.ts';

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
