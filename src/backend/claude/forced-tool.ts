// One structured answer from Claude through a forced tool: the tool's input is checked by the caller, and a
// wrong one is sent back once as a tool error naming its problems. A second miss is reported, never retried
// forever. Breakdowns and re-ranking both ask this way.
import type Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { type Usage, ZERO_USAGE } from '../../shared/chat-usage.ts';
import { classifyError } from './errors.ts';
import { addUsage } from './models.ts';

export type ToolCheck<T> = (input: unknown) => { ok: T } | { problems: string[] };

export interface ForcedToolRequest<T> {
  model: string;
  maxTokens: number;
  system: string;
  tool: Tool;
  prompt: string;
  /** What the answer is, for the messages: "breakdown", "ranking". */
  noun: string;
  check: ToolCheck<T>;
  signal?: AbortSignal;
}

/** The checked tool input and the usage of every attempt, or the problems of the last one. */
export async function askWithForcedTool<T>(
  client: Anthropic,
  req: ForcedToolRequest<T>,
): Promise<{ ok: T; usage: Usage } | { problems: string[]; usage: Usage }> {
  const messages: MessageParam[] = [{ role: 'user', content: req.prompt }];
  let usage = ZERO_USAGE;
  let problems: string[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    let msg: Anthropic.Message;
    try {
      msg = await client.messages.create(
        {
          model: req.model,
          max_tokens: req.maxTokens,
          system: req.system,
          tools: [req.tool],
          tool_choice: { type: 'tool', name: req.tool.name },
          messages,
        },
        { signal: req.signal },
      );
    } catch (e) {
      throw classifyError(e);
    }
    usage = addUsage(usage, {
      inputTokens: msg.usage.input_tokens,
      outputTokens: msg.usage.output_tokens,
      cacheReadTokens: msg.usage.cache_read_input_tokens ?? 0,
      cacheWriteTokens: msg.usage.cache_creation_input_tokens ?? 0,
    });
    const tu = msg.content.find(
      (b): b is Anthropic.ToolUseBlock => b.type === 'tool_use' && b.name === req.tool.name,
    );
    if (!tu) return { problems: [`Claude answered without the ${req.noun} tool.`], usage };
    const r = req.check(tu.input);
    if ('ok' in r) return { ok: r.ok, usage };
    problems = r.problems;
    messages.push(
      { role: 'assistant', content: msg.content },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: tu.id,
            is_error: true,
            content: `Invalid ${req.noun}: ${problems.join('; ')}`,
          },
        ],
      },
    );
  }
  return { problems, usage };
}
