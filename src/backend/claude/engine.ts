// The chat engine: one object the IPC shell and the browser host call. sendMessage saves the user's message
// at once, streams Claude's answer through onEvent (running tools in a loop), and saves the answer at the end —
// complete, partial (cut or stopped) or, on failure, keeps the user's text with an error status.
import type Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming } from '@anthropic-ai/sdk/resources/messages';
import { v7 } from 'uuid';
import {
  type Attachment,
  type ChatBlock,
  type ChatEvent,
  type ChatMessage,
  type ChatSettings,
  type ChatSettingsView,
  type Conversation,
  type ConversationDetail,
  type ConversationListItem,
  chatSettingsPatchSchema,
  chatSettingsSchema,
  conversationIdInput,
  createConversationInput,
  type EditAndResendInput,
  editAndResendInput,
  listConversationsInput,
  type Memory,
  memoryCreateInput,
  memoryListInput,
  memoryUpdateInput,
  regenerateInput,
  renameConversationInput,
  type SendMessageInput,
  type SendResult,
  sendMessageInput,
  setApiKeyInput,
  type TestConnectionResult,
  type Usage,
  ZERO_USAGE,
} from '../../shared/chat.ts';
import { AppError } from '../../shared/errors.ts';
import type { AppDatabase } from '../store/db.ts';
import {
  ChatError,
  classifyError,
  createAnthropic,
  createMessage,
  type RetryPolicy,
  streamMessage,
  testConnection,
  withRetries,
} from './client.ts';
import {
  buildHistory,
  buildSystem,
  planWindow,
  rememberRequest,
  SUMMARY_SYSTEM,
  summaryRequestText,
  type Turn,
  withHistoryCache,
} from './context.ts';
import { addUsage, costUsd, DEFAULT_MODEL, knownModels } from './models.ts';
import type { SecretStore } from './secret-store.ts';
import * as store from './store.ts';
import { dbToolContext } from './tool-context.ts';
import { runTool, type ToolContext, toolDefinitions } from './tools.ts';

export type ChatEngineDeps = {
  db: AppDatabase;
  secrets: SecretStore;
  /** Tests and the benchmark point this at the fake server. */
  baseURL?: string;
  /** Defaults to dbToolContext (the office database). */
  toolContext?: (conversationId: string) => ToolContext;
  /** Who is adding memories: the person signed in to the office (sync), else null. */
  author?: () => string | null;
  retryPolicy?: Partial<RetryPolicy>;
  /** A stream silent this long is treated as cut (default 60 s). */
  idleTimeoutMs?: number;
  now?: () => number;
};

export type SendOptions = {
  signal?: AbortSignal;
  onEvent?: (e: ChatEvent) => void;
};

export type { SendResult };

const SETTINGS_KEY = 'claude.settings';

function parse<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
  },
  v: unknown,
): T {
  const r = schema.safeParse(v);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new AppError('INVALID_INPUT', i ? `${i.path.join('.') || 'input'}: ${i.message}` : 'Invalid input');
  }
  return r.data;
}

export function createChatEngine(deps: ChatEngineDeps) {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const author = deps.author ?? (() => null);
  const toolCtx = deps.toolContext ?? ((cid: string) => dbToolContext(db, cid, author));
  const running = new Map<string, AbortController>();
  let clientCache: { key: string; client: Anthropic } | null = null;

  // ---------- settings ----------

  function readSettings(): ChatSettings {
    const row = db.sqlite.prepare('SELECT value FROM setting WHERE key = ?').get(SETTINGS_KEY) as
      | { value: string }
      | undefined;
    let stored: unknown = {};
    try {
      stored = row ? (JSON.parse(row.value) as unknown) : {};
    } catch {
      stored = {};
    }
    const r = chatSettingsSchema.safeParse({ model: DEFAULT_MODEL, ...(stored as object) });
    return r.success ? r.data : chatSettingsSchema.parse({ model: DEFAULT_MODEL });
  }

  async function settingsView(): Promise<ChatSettingsView> {
    const key = await deps.secrets.get();
    return {
      ...readSettings(),
      hasApiKey: Boolean(key),
      keyStorage: deps.secrets.kind,
      keyStorageInsecure: deps.secrets.insecure === true,
      knownModels: knownModels(),
    };
  }

  async function getClient(): Promise<Anthropic> {
    const apiKey = await deps.secrets.get();
    if (!apiKey)
      throw new ChatError('NO_API_KEY', 'No Anthropic API key is set. Add one in Settings → Claude.');
    const k = `${apiKey}\u0000${deps.baseURL ?? ''}`;
    if (clientCache?.key !== k)
      clientCache = { key: k, client: createAnthropic({ apiKey, baseURL: deps.baseURL }) };
    return clientCache.client;
  }

  // ---------- attachments ----------

  function attachmentBlock(ctx: ToolContext, a: Attachment): ChatBlock {
    let body: unknown;
    try {
      if (a.kind === 'talent') {
        const r = runTool(ctx, 'get_talent', { id: a.id });
        body = r.result;
      } else if (a.kind === 'shortlist') {
        body = runTool(ctx, 'get_shortlist', { roleId: a.id }).result;
      } else if (a.kind === 'role') {
        const s = ctx.getShortlist(a.id);
        const role = s ? ctx.listRoles(s.role.projectId).find((r) => r.id === a.id) : undefined;
        body = role ? { ...role, projectName: s?.role.projectName ?? null } : { error: 'Role not found' };
      } else {
        body = runTool(ctx, 'get_script_analysis', { scriptId: a.id, part: 'cast' }).result;
      }
    } catch (e) {
      body = { error: e instanceof Error ? e.message : String(e) };
    }
    return {
      type: 'text',
      text: `<attached ${a.kind} id="${a.id}"${a.label ? ` label="${a.label.replace(/"/g, "'")}"` : ''}>\n${JSON.stringify(body)}\n</attached>`,
      attachment: a,
    };
  }

  // ---------- answering ----------

  function emitter(opts: SendOptions) {
    return (e: ChatEvent) => {
      try {
        opts.onEvent?.(e);
      } catch {
        // A failing listener (a closed window) must not break the send.
      }
    };
  }

  async function summariseIfNeeded(
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
      store.setSummary(db, conv.id, summary, plan.upto, now());
      emit({ type: 'summarised', conversationId: conv.id, summary, summaryUpto: plan.upto });
      return { summary, upto: plan.upto, usage: r.usage };
    } catch (e) {
      const err = classifyError(e);
      if (err.chatCode === 'STOPPED' || err.chatCode === 'AUTH' || err.chatCode === 'OFFLINE') throw err;
      // The summary is an optimisation: without it we still answer, with the full window.
      return { summary: conv.summary, upto: conv.summaryUpto, usage: ZERO_USAGE };
    }
  }

  /** Answers the (saved) user message `userMsg`. Never throws: the outcome is the terminal event. */
  async function answer(
    conversationId: string,
    userMsg: ChatMessage,
    opts: SendOptions,
    rememberedNow: string | null,
  ): Promise<SendResult> {
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
        store.updateMessageStatus(db, userMsg.id, 'error', error, now());
      }
      if (err.chatCode === 'STOPPED' && partialMessage) {
        const conversation = store.getConversation(db, conversationId);
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

    const saveAssistant = (
      status: 'complete' | 'partial',
      error: { code: string; message: string } | null,
    ) => {
      // Drop tool calls that never got a result (a cut or stopped loop) so the history stays valid.
      const answered = new Set(blocks.flatMap((b) => (b.type === 'tool_result' ? [b.tool_use_id] : [])));
      const kept = blocks.filter((b) => b.type !== 'tool_use' || answered.has(b.id));
      const text = kept
        .flatMap((b) => (b.type === 'text' ? [b.text] : []))
        .join('\n\n')
        .trim();
      return store.insertMessage(
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
      const client = await getClient();
      const settings = readSettings();
      const conv = store.getConversation(db, conversationId);
      // The model picked in Settings applies to every send; the conversation records the one last used.
      model = settings.model;
      if (conv.model !== model) store.setConversationModel(db, conversationId, model, now());
      emit({ type: 'assistant_started', messageId: assistantId, conversationId });

      const all = store.listMessages(db, conversationId).filter((m) => m.id <= userMsg.id);
      const win = await summariseIfNeeded(client, { ...conv, model }, all, settings, emit, signal);
      usage = addUsage(usage, win.usage);
      const windowMsgs = win.upto ? all.filter((m) => m.id > win.upto!) : all;
      const history: Turn[] = buildHistory(windowMsgs, userMsg.id);
      if (history.length === 0) throw new ChatError('INVALID_INPUT', 'Nothing to send.');
      const memories = store.relevantMemories(db, userMsg.text, settings.memoryLimit);
      const system = buildSystem({ memories, summary: win.summary, now: new Date(now()), rememberedNow });
      const tools = toolDefinitions();
      const ctx = toolCtx(conversationId);
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
      const conversation = store.getConversation(db, conversationId);
      emit({ type: 'done', message, conversation });
      return { ok: true, message, conversation };
    } catch (e) {
      return fail(signal?.aborted ? new ChatError('STOPPED', 'Stopped.') : classifyError(e));
    }
  }

  /** Runs one answer for a conversation at a time; a second concurrent send gets BUSY. */
  async function exclusive(
    conversationId: string,
    opts: SendOptions,
    fn: (o: SendOptions) => Promise<SendResult>,
  ) {
    if (running.has(conversationId)) {
      throw new AppError('BUSY', 'Claude is still answering in this conversation. Stop it first.');
    }
    const ctl = new AbortController();
    const onAbort = () => ctl.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) ctl.abort();
    running.set(conversationId, ctl);
    try {
      return await fn({ ...opts, signal: ctl.signal });
    } finally {
      running.delete(conversationId);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  function saveUserMessage(conversationId: string, text: string, attachments: Attachment[]): ChatMessage {
    const ctx = toolCtx(conversationId);
    const blocks: ChatBlock[] = attachments.map((a) => attachmentBlock(ctx, a));
    if (text.trim()) blocks.push({ type: 'text', text });
    return store.insertMessage(
      db,
      { conversationId, role: 'user', blocks, text, status: 'complete', error: null },
      now(),
    );
  }

  async function send(input: SendMessageInput, opts: SendOptions = {}): Promise<SendResult> {
    const i = parse(sendMessageInput, input);
    if (!i.text.trim() && i.attachments.length === 0)
      throw new AppError('INVALID_INPUT', 'Type a message first.');
    store.getConversation(db, i.conversationId); // NOT_FOUND before anything is saved
    return exclusive(i.conversationId, opts, async (o) => {
      const emit = emitter(o);
      const user = saveUserMessage(i.conversationId, i.text, i.attachments);
      emit({ type: 'user_saved', message: user });
      let remembered: string | null = null;
      const fact = rememberRequest(i.text);
      if (fact) {
        const memory = store.createMemory(
          db,
          { text: fact, sourceConversationId: i.conversationId, addedBy: author() },
          now(),
        );
        remembered = memory.text;
        emit({ type: 'memory_saved', memory });
      }
      if (store.listMessages(db, i.conversationId).length === 1) autoTitle(i.conversationId, i.text);
      return answer(i.conversationId, user, o, remembered);
    });
  }

  function autoTitle(conversationId: string, text: string) {
    const conv = store.getConversation(db, conversationId);
    if (conv.title !== 'New conversation') return;
    const t = text.replace(/\s+/g, ' ').trim();
    if (!t) return;
    store.renameConversation(db, conversationId, t.length > 60 ? `${t.slice(0, 57)}…` : t, now());
  }

  /** Drops the last answer (if any) and answers the last user message again; also resends a failed message. */
  async function regenerate(input: { conversationId: string }, opts: SendOptions = {}): Promise<SendResult> {
    const i = parse(regenerateInput, input);
    store.getConversation(db, i.conversationId);
    return exclusive(i.conversationId, opts, async (o) => {
      const msgs = store.listMessages(db, i.conversationId);
      const lastUserIdx = msgs.findLastIndex((m) => m.role === 'user');
      if (lastUserIdx < 0) throw new AppError('INVALID_INPUT', 'There is no message to answer again.');
      const user = msgs[lastUserIdx]!;
      store.deleteMessages(
        db,
        msgs.slice(lastUserIdx + 1).map((m) => m.id),
        now(),
      );
      if (user.status !== 'complete') store.updateMessageStatus(db, user.id, 'complete', null, now());
      return answer(i.conversationId, { ...user, status: 'complete', error: null }, o, null);
    });
  }

  /** Replaces a user message's text (and attachments) and everything after it, then answers afresh. */
  async function editAndResend(input: EditAndResendInput, opts: SendOptions = {}): Promise<SendResult> {
    const i = parse(editAndResendInput, input);
    if (!i.text.trim() && (i.attachments?.length ?? 0) === 0)
      throw new AppError('INVALID_INPUT', 'Type a message first.');
    const conv = store.getConversation(db, i.conversationId);
    return exclusive(i.conversationId, opts, async (o) => {
      const emit = emitter(o);
      const msgs = store.listMessages(db, i.conversationId);
      const idx = msgs.findIndex((m) => m.id === i.messageId);
      const old = msgs[idx];
      if (old?.role !== 'user')
        throw new AppError('NOT_FOUND', 'Only one of your own messages can be edited.');
      store.deleteMessages(
        db,
        msgs.slice(idx).map((m) => m.id),
        now(),
      );
      if (conv.summaryUpto && conv.summaryUpto >= old.id) store.setSummary(db, conv.id, null, null, now());
      const user = saveUserMessage(i.conversationId, i.text, i.attachments ?? old.attachments);
      emit({ type: 'user_saved', message: user });
      return answer(i.conversationId, user, o, null);
    });
  }

  /** Stops the running answer in a conversation (same effect as aborting the send's signal). */
  function stop(conversationId: string): boolean {
    const c = running.get(conversationId);
    c?.abort();
    return Boolean(c);
  }

  return {
    // settings & key
    getSettings: settingsView,
    /** For other Claude features (breakdowns): the client on the saved key, and the model in Settings. */
    client: getClient,
    currentModel: () => readSettings().model,
    async updateSettings(patch: unknown): Promise<ChatSettingsView> {
      const p = parse(chatSettingsPatchSchema, patch);
      const merged = parse(chatSettingsSchema, { ...readSettings(), ...p });
      db.sqlite
        .prepare(
          'INSERT INTO setting (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
        )
        .run(SETTINGS_KEY, JSON.stringify(merged), now());
      return settingsView();
    },
    async setApiKey(input: { apiKey: string | null }): Promise<ChatSettingsView> {
      const i = parse(setApiKeyInput, input);
      await deps.secrets.set(i.apiKey || null);
      clientCache = null;
      return settingsView();
    },
    async testConnection(input: { model?: string } = {}): Promise<TestConnectionResult> {
      const apiKey = await deps.secrets.get();
      return testConnection(
        apiKey ? { apiKey, baseURL: deps.baseURL } : null,
        input.model ?? readSettings().model,
      );
    },

    // conversations
    listConversations(input: unknown = {}): ConversationListItem[] {
      return store.listConversations(db, parse(listConversationsInput, input));
    },
    createConversation(input: unknown = {}): Conversation {
      const i = parse(createConversationInput, input);
      return store.createConversation(db, { title: i.title, model: i.model ?? readSettings().model }, now());
    },
    renameConversation(input: unknown): Conversation {
      const i = parse(renameConversationInput, input);
      return store.renameConversation(db, i.id, i.title, now());
    },
    deleteConversation(input: unknown): void {
      const i = parse(conversationIdInput, input);
      stop(i.id);
      store.deleteConversation(db, i.id, now());
    },
    openConversation(input: unknown): ConversationDetail {
      return store.loadConversation(db, parse(conversationIdInput, input).id);
    },
    exportConversation(input: unknown): { fileName: string; markdown: string } {
      return store.exportMarkdown(db, parse(conversationIdInput, input).id);
    },

    // chat
    sendMessage: send,
    regenerate,
    editAndResend,
    stop,
    isRunning: (conversationId: string) => running.has(conversationId),

    // memory screen
    listMemories(input: unknown = {}): Memory[] {
      return store.listMemories(db, parse(memoryListInput, input));
    },
    createMemory(input: unknown): Memory {
      return store.createMemory(db, { ...parse(memoryCreateInput, input), addedBy: author() }, now());
    },
    updateMemory(input: unknown): Memory {
      return store.updateMemory(db, parse(memoryUpdateInput, input), now());
    },
    deleteMemory(input: unknown): void {
      store.deleteMemory(db, parse(conversationIdInput, input).id, now());
    },
  };
}

export type ChatEngine = ReturnType<typeof createChatEngine>;
