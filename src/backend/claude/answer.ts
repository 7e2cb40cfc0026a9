// One answer of Claude's to a saved user message: the turn loop. It folds old turns into the summary when the
// history is over budget, streams each round through onEvent, runs the tools Claude asks for and sends their
// results back, until Claude answers in words (or the last allowed round); then saves the answer — complete,
// or partial when cut or stopped — or, when nothing came, marks the user's message with the error.
import type Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming } from '@anthropic-ai/sdk/resources/messages';
import { v7 } from 'uuid';
import type { ChatBlock, ChatEvent, ChatMessage, SendResult } from '../../shared/chat.ts';
import type { ChatSettings } from '../../shared/chat-settings.ts';
import { type Usage, ZERO_USAGE } from '../../shared/chat-usage.ts';
import type { AppDatabase } from '../store/db.ts';
import { buildHistory, buildSystem, type Turn, withHistoryCache } from './context.ts';
import { getConversation, setConversationModel } from './conversation-store.ts';
import { ChatError, classifyError } from './errors.ts';
import { relevantMemories } from './memory-store.ts';
import { insertMessage, listMessages, updateMessageStatus } from './message-store.ts';
import { addUsage, costUsd, DEFAULT_MODEL } from './models.ts';
import { type RetryPolicy, withRetries } from './retry.ts';
import { streamMessage } from './stream.ts';
import { summariseIfNeeded } from './summarise.ts';
import type { ToolContext } from './tool-context.ts';
import { toolDefinitions } from './tool-definitions.ts';
import { runTool } from './tool-runner.ts';

export type SendOptions = {
  signal?: AbortSignal;
  onEvent?: (e: ChatEvent) => void;
};

export type AnswerDeps = {
  db: AppDatabase;
  /** The client on the saved key (throws NO_API_KEY without one). */
  client: () => Promise<Anthropic>;
  settings: () => ChatSettings;
  toolContext: (conversationId: string) => ToolContext;
  retryPolicy?: Partial<RetryPolicy>;
  /** A stream silent this long is treated as cut. */
  idleTimeoutMs?: number;
  now: () => number;
};

export function emitter(opts: SendOptions) {
  return (e: ChatEvent) => {
    try {
      opts.onEvent?.(e);
    } catch {
      // A failing listener (a closed window) must not break the send.
    }
  };
}

/** Answers the (saved) user message `userMsg`. Never throws: the outcome is the terminal event. */
export async function answer(
  deps: AnswerDeps,
  conversationId: string,
  userMsg: ChatMessage,
  opts: SendOptions,
  rememberedNow: string | null,
): Promise<SendResult> {
  const { db, now } = deps;
  const emit = emitter(opts);
  const signal = opts.signal;
  const assistantId = v7();
  const blocks: ChatBlock[] = [];
  let usage: Usage = ZERO_USAGE;
  let model = DEFAULT_MODEL as string;

  const fail = (err: ChatError): SendResult => {
    const error = { code: err.chatCode, message: err.message };
    let partialMessage: ChatMessage | null = null;
    const hasContent = blocks.some((b) => (b.type === 'text' ? b.text.length > 0 : true));
    if (hasContent) {
      partialMessage = saveAssistant('partial', error);
    } else if (err.chatCode !== 'STOPPED') {
      updateMessageStatus(db, userMsg.id, 'error', error, now());
    }
    if (err.chatCode === 'STOPPED' && partialMessage) {
      const conversation = getConversation(db, conversationId);
      emit({ type: 'done', message: partialMessage, conversation });
      return { ok: true, message: partialMessage, conversation };
    }
    emit({
      type: 'error',
      code: err.chatCode,
      message: err.message,
      userMessageId: userMsg.id,
      partialMessage,
    });
    return {
      ok: false,
      code: err.chatCode,
      message: err.message,
      userMessageId: userMsg.id,
      partialMessage,
    };
  };

  const saveAssistant = (status: 'complete' | 'partial', error: { code: string; message: string } | null) => {
    // Drop tool calls that never got a result (a cut or stopped loop) so the history stays valid.
    const answered = new Set(blocks.flatMap((b) => (b.type === 'tool_result' ? [b.tool_use_id] : [])));
    const kept = blocks.filter((b) => b.type !== 'tool_use' || answered.has(b.id));
    const text = kept
      .flatMap((b) => (b.type === 'text' ? [b.text] : []))
      .join('\n\n')
      .trim();
    return insertMessage(
      db,
      {
        id: assistantId,
        conversationId,
        role: 'assistant',
        blocks: kept,
        text,
        status,
        error,
        usage,
        costUsd: costUsd(model, usage),
      },
      now(),
    );
  };

  try {
    const client = await deps.client();
    const settings = deps.settings();
    const conv = getConversation(db, conversationId);
    // The model picked in Settings applies to every send; the conversation records the one last used.
    model = settings.model;
    if (conv.model !== model) setConversationModel(db, conversationId, model, now());
    emit({ type: 'assistant_started', messageId: assistantId, conversationId });

    const all = listMessages(db, conversationId).filter((m) => m.id <= userMsg.id);
    const win = await summariseIfNeeded(deps, client, { ...conv, model }, all, settings, emit, signal);
    usage = addUsage(usage, win.usage);
    const windowMsgs = win.upto ? all.filter((m) => m.id > win.upto!) : all;
    const history: Turn[] = buildHistory(windowMsgs, userMsg.id);
    if (history.length === 0) throw new ChatError('INVALID_INPUT', 'Nothing to send.');
    const memories = relevantMemories(db, userMsg.text, settings.memoryLimit);
    const system = buildSystem({ memories, summary: win.summary, now: new Date(now()), rememberedNow });
    const tools = toolDefinitions();
    const ctx = deps.toolContext(conversationId);
    const loopTurns: Turn[] = [];

    for (let iteration = 1; ; iteration++) {
      const lastRound = iteration >= settings.maxToolIterations;
      const params: Omit<MessageCreateParamsStreaming, 'stream'> = {
        model,
        max_tokens: settings.maxTokens,
        system,
        tools,
        // On the last allowed round Claude must answer in words.
        ...(lastRound ? { tool_choice: { type: 'none' as const } } : {}),
        messages: withHistoryCache([...history, ...loopTurns]) as MessageCreateParamsStreaming['messages'],
      };
      const roundStart = blocks.length;
      const outcome = await withRetries(
        () =>
          streamMessage(
            client,
            params,
            {
              onText: (delta) => {
                // Accumulate into the current text block so a cut keeps exactly what was shown.
                const last = blocks.at(-1);
                if (last?.type === 'text' && blocks.length > roundStart) last.text += delta;
                else blocks.push({ type: 'text', text: delta });
                emit({ type: 'text', messageId: assistantId, delta });
              },
              onToolUse: (b) => {
                blocks.push({ type: 'tool_use', id: b.id, name: b.name, input: b.input });
                emit({
                  type: 'tool_started',
                  messageId: assistantId,
                  toolUseId: b.id,
                  name: b.name,
                  input: b.input,
                });
              },
            },
            signal,
            { idleTimeoutMs: deps.idleTimeoutMs },
          ),
        {
          signal,
          policy: deps.retryPolicy,
          onRetry: (n) => emit({ type: 'retrying', ...n }),
        },
      );
      usage = addUsage(usage, outcome.usage);
      emit({ type: 'usage', messageId: assistantId, usage, costUsd: costUsd(model, usage) });
      if (outcome.error) return fail(outcome.error);

      const toolUses = outcome.blocks.filter((b) => b.type === 'tool_use');
      if (outcome.stopReason !== 'tool_use' || toolUses.length === 0) break;

      const assistantTurn: Turn = {
        role: 'assistant',
        content: outcome.blocks.flatMap((b): Turn['content'] => {
          if (b.type === 'tool_use') return [{ type: 'tool_use', id: b.id, name: b.name, input: b.input }];
          return b.text ? [{ type: 'text', text: b.text }] : [];
        }),
      };
      const resultTurn: Turn = { role: 'user', content: [] };
      for (const tu of toolUses) {
        if (signal?.aborted) return fail(new ChatError('STOPPED', 'Stopped.'));
        const r = runTool(ctx, tu.name, tu.input);
        blocks.push({
          type: 'tool_result',
          tool_use_id: tu.id,
          content: r.content,
          ...(r.ok ? {} : { is_error: true }),
        });
        resultTurn.content.push({
          type: 'tool_result',
          tool_use_id: tu.id,
          content: r.content,
          ...(r.ok ? {} : { is_error: true }),
        });
        emit({
          type: 'tool_finished',
          messageId: assistantId,
          toolUseId: tu.id,
          name: tu.name,
          ok: r.ok,
          result: r.result,
        });
        if (r.memory) emit({ type: 'memory_saved', memory: r.memory });
      }
      loopTurns.push(assistantTurn, resultTurn);
      if (lastRound) break;
    }

    const message = saveAssistant('complete', null);
    const conversation = getConversation(db, conversationId);
    emit({ type: 'done', message, conversation });
    return { ok: true, message, conversation };
  } catch (e) {
    return fail(signal?.aborted ? new ChatError('STOPPED', 'Stopped.') : classifyError(e));
  }
}
