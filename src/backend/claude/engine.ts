// The chat engine: one object the IPC shell and the browser host call. sendMessage saves the user's message
// at once; answer.ts streams Claude's answer through onEvent (running tools in a loop) and saves it at the end —
// complete, partial (cut or stopped) or, on failure, keeps the user's text with an error status. Here: one
// answer per conversation at a time, send / regenerate / edit-and-resend, and the conversation and memory calls.
import {
  type Attachment,
  type ChatBlock,
  type ChatMessage,
  type Conversation,
  type ConversationDetail,
  type ConversationListItem,
  conversationIdInput,
  createConversationInput,
  type EditAndResendInput,
  editAndResendInput,
  listConversationsInput,
  regenerateInput,
  renameConversationInput,
  type SendMessageInput,
  type SendResult,
  sendMessageInput,
} from '../../shared/chat.ts';
import {
  type Memory,
  memoryCreateInput,
  memoryListInput,
  memoryUpdateInput,
} from '../../shared/chat-memory.ts';
import { AppError } from '../../shared/errors.ts';
import type { AppDatabase } from '../store/db.ts';
import { type AnswerDeps, answer, emitter, type SendOptions } from './answer.ts';
import { attachmentBlock } from './attachments.ts';
import { rememberRequest } from './context.ts';
import { exportMarkdown } from './conversation-export.ts';
import {
  createConversation,
  deleteConversation,
  getConversation,
  listConversations,
  renameConversation,
  setSummary,
} from './conversation-store.ts';
import { createMemory, deleteMemory, listMemories, updateMemory } from './memory-store.ts';
import {
  deleteMessages,
  insertMessage,
  listMessages,
  loadConversation,
  updateMessageStatus,
} from './message-store.ts';
import { parseInput } from './parse-input.ts';
import type { RetryPolicy } from './retry.ts';
import type { SecretStore } from './secret-store.ts';
import { chatSettings } from './settings.ts';
import { dbToolContext, type ToolContext } from './tool-context.ts';

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

export type { SendOptions, SendResult };

export function createChatEngine(deps: ChatEngineDeps) {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const author = deps.author ?? (() => null);
  const toolCtx = deps.toolContext ?? ((cid: string) => dbToolContext(db, cid, author));
  const running = new Map<string, AbortController>();
  const settings = chatSettings({ db, secrets: deps.secrets, baseURL: deps.baseURL, now });
  const answerDeps: AnswerDeps = {
    db,
    client: settings.client,
    settings: settings.read,
    toolContext: toolCtx,
    retryPolicy: deps.retryPolicy,
    idleTimeoutMs: deps.idleTimeoutMs,
    now,
  };

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
    return insertMessage(
      db,
      { conversationId, role: 'user', blocks, text, status: 'complete', error: null },
      now(),
    );
  }

  async function send(input: SendMessageInput, opts: SendOptions = {}): Promise<SendResult> {
    const i = parseInput(sendMessageInput, input);
    if (!i.text.trim() && i.attachments.length === 0)
      throw new AppError('INVALID_INPUT', 'Type a message first.');
    getConversation(db, i.conversationId); // NOT_FOUND before anything is saved
    return exclusive(i.conversationId, opts, async (o) => {
      const emit = emitter(o);
      const user = saveUserMessage(i.conversationId, i.text, i.attachments);
      emit({ type: 'user_saved', message: user });
      let remembered: string | null = null;
      const fact = rememberRequest(i.text);
      if (fact) {
        const memory = createMemory(
          db,
          { text: fact, sourceConversationId: i.conversationId, addedBy: author() },
          now(),
        );
        remembered = memory.text;
        emit({ type: 'memory_saved', memory });
      }
      if (listMessages(db, i.conversationId).length === 1) autoTitle(i.conversationId, i.text);
      return answer(answerDeps, i.conversationId, user, o, remembered);
    });
  }

  function autoTitle(conversationId: string, text: string) {
    const conv = getConversation(db, conversationId);
    if (conv.title !== 'New conversation') return;
    const t = text.replace(/\s+/g, ' ').trim();
    if (!t) return;
    renameConversation(db, conversationId, t.length > 60 ? `${t.slice(0, 57)}…` : t, now());
  }

  /** Drops the last answer (if any) and answers the last user message again; also resends a failed message. */
  async function regenerate(input: { conversationId: string }, opts: SendOptions = {}): Promise<SendResult> {
    const i = parseInput(regenerateInput, input);
    getConversation(db, i.conversationId);
    return exclusive(i.conversationId, opts, async (o) => {
      const msgs = listMessages(db, i.conversationId);
      const lastUserIdx = msgs.findLastIndex((m) => m.role === 'user');
      if (lastUserIdx < 0) throw new AppError('INVALID_INPUT', 'There is no message to answer again.');
      const user = msgs[lastUserIdx]!;
      deleteMessages(
        db,
        msgs.slice(lastUserIdx + 1).map((m) => m.id),
        now(),
      );
      if (user.status !== 'complete') updateMessageStatus(db, user.id, 'complete', null, now());
      return answer(answerDeps, i.conversationId, { ...user, status: 'complete', error: null }, o, null);
    });
  }

  /** Replaces a user message's text (and attachments) and everything after it, then answers afresh. */
  async function editAndResend(input: EditAndResendInput, opts: SendOptions = {}): Promise<SendResult> {
    const i = parseInput(editAndResendInput, input);
    if (!i.text.trim() && (i.attachments?.length ?? 0) === 0)
      throw new AppError('INVALID_INPUT', 'Type a message first.');
    const conv = getConversation(db, i.conversationId);
    return exclusive(i.conversationId, opts, async (o) => {
      const emit = emitter(o);
      const msgs = listMessages(db, i.conversationId);
      const idx = msgs.findIndex((m) => m.id === i.messageId);
      const old = msgs[idx];
      if (old?.role !== 'user')
        throw new AppError('NOT_FOUND', 'Only one of your own messages can be edited.');
      deleteMessages(
        db,
        msgs.slice(idx).map((m) => m.id),
        now(),
      );
      if (conv.summaryUpto && conv.summaryUpto >= old.id) setSummary(db, conv.id, null, null, now());
      const user = saveUserMessage(i.conversationId, i.text, i.attachments ?? old.attachments);
      emit({ type: 'user_saved', message: user });
      return answer(answerDeps, i.conversationId, user, o, null);
    });
  }

  /** Stops the running answer in a conversation (same effect as aborting the send's signal). */
  function stop(conversationId: string): boolean {
    const c = running.get(conversationId);
    c?.abort();
    return Boolean(c);
  }

  return {
    getSettings: settings.view,
    /** For other Claude features (breakdowns): the client on the saved key, and the model in Settings. */
    client: settings.client,
    currentModel: () => settings.read().model,
    updateSettings: settings.update,
    setApiKey: settings.setApiKey,
    testConnection: settings.testConnection,

    // conversations
    listConversations(input: unknown = {}): ConversationListItem[] {
      return listConversations(db, parseInput(listConversationsInput, input));
    },
    createConversation(input: unknown = {}): Conversation {
      const i = parseInput(createConversationInput, input);
      return createConversation(db, { title: i.title, model: i.model ?? settings.read().model }, now());
    },
    renameConversation(input: unknown): Conversation {
      const i = parseInput(renameConversationInput, input);
      return renameConversation(db, i.id, i.title, now());
    },
    deleteConversation(input: unknown): void {
      const i = parseInput(conversationIdInput, input);
      stop(i.id);
      deleteConversation(db, i.id, now());
    },
    openConversation(input: unknown): ConversationDetail {
      return loadConversation(db, parseInput(conversationIdInput, input).id);
    },
    exportConversation(input: unknown): { fileName: string; markdown: string } {
      return exportMarkdown(db, parseInput(conversationIdInput, input).id);
    },

    // chat
    sendMessage: send,
    regenerate,
    editAndResend,
    stop,
    isRunning: (conversationId: string) => running.has(conversationId),

    // memory screen
    listMemories(input: unknown = {}): Memory[] {
      return listMemories(db, parseInput(memoryListInput, input));
    },
    createMemory(input: unknown): Memory {
      return createMemory(db, { ...parseInput(memoryCreateInput, input), addedBy: author() }, now());
    },
    updateMemory(input: unknown): Memory {
      return updateMemory(db, parseInput(memoryUpdateInput, input), now());
    },
    deleteMemory(input: unknown): void {
      deleteMemory(db, parseInput(conversationIdInput, input).id, now());
    },
  };
}

export type ChatEngine = ReturnType<typeof createChatEngine>;
