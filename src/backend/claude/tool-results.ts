// What one tool call gives back: the object the UI card shows and the compact JSON Claude reads (cut to a
// size Claude can take), or an error both can read.
import type { Memory } from '../../shared/chat-memory.ts';

export type ToolRunResult = {
  ok: boolean;
  /** What the UI card shows (objects with talent ids etc.). */
  result: unknown;
  /** What Claude reads (compact JSON). */
  content: string;
  /** Set by `remember`. */
  memory?: Memory;
};

const MAX_RESULT_CHARS = 24_000;

export function ok(result: unknown, extra: Partial<ToolRunResult> = {}): ToolRunResult {
  let content = JSON.stringify(result);
  if (content.length > MAX_RESULT_CHARS) {
    content = `${content.slice(0, MAX_RESULT_CHARS)}… [truncated: ask for less, e.g. a smaller limit]`;
  }
  return { ok: true, result, content, ...extra };
}

export function fail(message: string): ToolRunResult {
  return { ok: false, result: { error: message }, content: JSON.stringify({ error: message }) };
}
