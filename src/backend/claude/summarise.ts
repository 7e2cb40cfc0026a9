// Keeps a long conversation within its context budget: when planWindow (context.ts) says the history is over
// it, the older turns are folded into the conversation's summary by one non-streaming call. The summary is an
// optimisation: if the call fails for any reason but a stop, bad key or no connection, the answer goes ahead.
import type Anthropic from '@anthropic-ai/sdk';
import type { ChatEvent, ChatMessage, Conversation } from '../../shared/chat.ts';
import type { ChatSettings } from '../../shared/chat-settings.ts';
import { type Usage, ZERO_USAGE } from '../../shared/chat-usage.ts';
import { createMessage } from './client.ts';
import { planWindow, SUMMARY_SYSTEM, summaryRequestText } from './context.ts';
import { type ChatDb, setSummary } from './conversation-store.ts';
import { classifyError } from './errors.ts';
import { type RetryPolicy, withRetries } from './retry.ts';

export type SummariseDeps = {
  db: ChatDb;
  retryPolicy?: Partial<RetryPolicy>;
  now: () => number;
};

export async function summariseIfNeeded(
  deps: SummariseDeps,
  client: Anthropic,
  conv: Conversation,
  messages: ChatMessage[],
  settings: ChatSettings,
  emit: (e: ChatEvent) => void,
  signal: AbortSignal | undefined,
): Promise<{ summary: string | null; upto: string | null; usage: Usage }> {
  const plan = planWindow(messages, conv.summary, conv.summaryUpto, settings.contextBudgetTokens);
  if (!plan.summarise) return { summary: conv.summary, upto: conv.summaryUpto, usage: ZERO_USAGE };
  try {
    const r = await withRetries(
      () =>
        createMessage(
          client,
          {
            model: conv.model,
            max_tokens: 1500,
            system: SUMMARY_SYSTEM,
            messages: [{ role: 'user', content: summaryRequestText(conv.summary, plan.fold) }],
          },
          signal,
        ),
      { signal, policy: { ...deps.retryPolicy, maxAttempts: 2 } },
    );
    const summary = r.text.trim();
    if (!summary) return { summary: conv.summary, upto: conv.summaryUpto, usage: r.usage };
    setSummary(deps.db, conv.id, summary, plan.upto, deps.now());
    emit({ type: 'summarised', conversationId: conv.id, summary, summaryUpto: plan.upto });
    return { summary, upto: plan.upto, usage: r.usage };
  } catch (e) {
    const err = classifyError(e);
    if (err.chatCode === 'STOPPED' || err.chatCode === 'AUTH' || err.chatCode === 'OFFLINE') throw err;
    // The summary is an optimisation: without it we still answer, with the full window.
    return { summary: conv.summary, upto: conv.summaryUpto, usage: ZERO_USAGE };
  }
}
