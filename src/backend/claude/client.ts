// The Anthropic client (SDK retries off: retry.ts has ours), the non-streaming call summaries use, and
// Settings → "Test connection". Streaming is in stream.ts, errors in errors.ts.
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import type { TestConnectionResult } from '../../shared/chat-settings.ts';
import type { Usage } from '../../shared/chat-usage.ts';
import { classifyError } from './errors.ts';

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

/** The API's usage counts as ours. */
export function usageFrom(u: {
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
