// Claude in the app: the shapes of a chat that cross the renderer↔main boundary (attachments, message blocks,
// conversation and message DTOs, streamed chat events, method inputs) and the chat.*/memory.* contract.
// Tool inputs, memories, usage and settings have their own modules (chat-tools, chat-memory, chat-usage,
// chat-settings). Runtime-neutral: zod and plain TypeScript only.
import { z } from 'zod';
import { memoryCreateInput, memoryListInput, memorySchema, memoryUpdateInput } from './chat-memory.ts';
import {
  chatSettingsPatchSchema,
  chatSettingsViewSchema,
  setApiKeyInput,
  testConnectionResultSchema,
} from './chat-settings.ts';
import { usageSchema } from './chat-usage.ts';

// ---------- error codes ----------

export const CHAT_ERROR_CODES = [
  'NO_API_KEY',
  'AUTH',
  'RATE_LIMITED',
  'OVERLOADED',
  'OFFLINE',
  'CONTEXT_TOO_LONG',
  'STREAM_INTERRUPTED',
  'STOPPED',
  'BAD_REQUEST',
  'API_ERROR',
  'NOT_FOUND',
  'INVALID_INPUT',
  'BUSY',
] as const;
export const chatErrorCodeSchema = z.enum(CHAT_ERROR_CODES);
export type ChatErrorCode = z.infer<typeof chatErrorCodeSchema>;

// ---------- attachments (context chips) ----------

const id = z.string().trim().min(1).max(100);

export const ATTACHMENT_KINDS = ['talent', 'role', 'script', 'shortlist'] as const;
export const attachmentSchema = z.object({
  kind: z.enum(ATTACHMENT_KINDS),
  /** talent id, role id, script id, or (for a shortlist) the role id */
  id,
  label: z.string().max(200).optional(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

// ---------- stored content blocks ----------

/** A text block; a context chip is a text block carrying its attachment (stripped before sending to the API). */
export const textBlockSchema = z.object({
  type: z.literal('text'),
  text: z.string(),
  attachment: attachmentSchema.optional(),
});
export const toolUseBlockSchema = z.object({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
});
export const toolResultBlockSchema = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  /** JSON text given to Claude */
  content: z.string(),
  is_error: z.boolean().optional(),
});
/**
 * One assistant message holds the whole answer of a turn, tool loop included: text, tool_use and the
 * tool_result blocks in the order they happened. Main splits it back into API turns when it resends history.
 */
export const chatBlockSchema = z.discriminatedUnion('type', [
  textBlockSchema,
  toolUseBlockSchema,
  toolResultBlockSchema,
]);
export type ChatBlock = z.infer<typeof chatBlockSchema>;

// ---------- DTOs ----------

export const MESSAGE_STATUSES = ['complete', 'partial', 'error'] as const;
export const chatMessageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  role: z.enum(['user', 'assistant']),
  blocks: z.array(chatBlockSchema),
  /** Plain text (user's words, or the answer's text blocks joined): for display, copy and search. */
  text: z.string(),
  attachments: z.array(attachmentSchema),
  status: z.enum(MESSAGE_STATUSES),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  usage: usageSchema.nullable(),
  costUsd: z.number().nullable(),
  createdAt: z.number(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const conversationSchema = z.object({
  id: z.string(),
  title: z.string(),
  model: z.string(),
  /** Summary of older turns that replaced them in Claude's window (visible in the UI), or null. */
  summary: z.string().nullable(),
  /** Id of the last message the summary covers. */
  summaryUpto: z.string().nullable(),
  messageCount: z.number().int(),
  usage: usageSchema,
  costUsd: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const conversationListItemSchema = conversationSchema.extend({
  /** When listing with a search: a highlighted excerpt of the best-matching message ([…] marks the match). */
  snippet: z.string().nullable(),
  matchMessageId: z.string().nullable(),
});
export type ConversationListItem = z.infer<typeof conversationListItemSchema>;

export const conversationDetailSchema = z.object({
  conversation: conversationSchema,
  messages: z.array(chatMessageSchema),
});
export type ConversationDetail = z.infer<typeof conversationDetailSchema>;

// ---------- streamed events (main → renderer while one send runs) ----------

export const chatEventSchema = z.discriminatedUnion('type', [
  /** The user's message is saved (always first). */
  z.object({ type: z.literal('user_saved'), message: chatMessageSchema }),
  /** The assistant answer's id, before any token. */
  z.object({ type: z.literal('assistant_started'), messageId: z.string(), conversationId: z.string() }),
  z.object({ type: z.literal('text'), messageId: z.string(), delta: z.string() }),
  z.object({
    type: z.literal('tool_started'),
    messageId: z.string(),
    toolUseId: z.string(),
    name: z.string(),
    input: z.unknown(),
  }),
  z.object({
    type: z.literal('tool_finished'),
    messageId: z.string(),
    toolUseId: z.string(),
    name: z.string(),
    ok: z.boolean(),
    /** The tool's result object (talent cards carry ids: clickable), or an error message. */
    result: z.unknown(),
  }),
  /** Cumulative usage of this answer so far (after each API call in the tool loop). */
  z.object({ type: z.literal('usage'), messageId: z.string(), usage: usageSchema, costUsd: z.number() }),
  /** A 429/529 (or 5xx): the next attempt starts in inSeconds (UI shows a countdown). */
  z.object({
    type: z.literal('retrying'),
    attempt: z.number().int(),
    maxAttempts: z.number().int(),
    inSeconds: z.number(),
    code: z.string(),
  }),
  /** Older turns were summarised and replaced by this summary. */
  z.object({
    type: z.literal('summarised'),
    conversationId: z.string(),
    summary: z.string(),
    summaryUpto: z.string(),
  }),
  z.object({ type: z.literal('memory_saved'), memory: memorySchema }),
  /** Terminal on failure. The user message is kept; a partial answer is saved as `partial` (its id given). */
  z.object({
    type: z.literal('error'),
    code: z.string(),
    message: z.string(),
    userMessageId: z.string().nullable(),
    partialMessage: chatMessageSchema.nullable(),
  }),
  /** Terminal on success or stop: the saved assistant message and the conversation's new totals. */
  z.object({ type: z.literal('done'), message: chatMessageSchema, conversation: conversationSchema }),
]);
export type ChatEvent = z.infer<typeof chatEventSchema>;

// ---------- method inputs ----------

export const sendMessageInput = z.object({
  conversationId: z.string().min(1),
  text: z.string().max(100_000),
  attachments: z.array(attachmentSchema).max(20).default([]),
});
export type SendMessageInput = z.input<typeof sendMessageInput>;

export const regenerateInput = z.object({ conversationId: z.string().min(1) });
export const editAndResendInput = z.object({
  conversationId: z.string().min(1),
  messageId: z.string().min(1),
  text: z.string().max(100_000),
  attachments: z.array(attachmentSchema).max(20).optional(),
});
export type EditAndResendInput = z.input<typeof editAndResendInput>;

export const listConversationsInput = z.object({
  search: z.string().max(500).default(''),
  limit: z.number().int().min(1).max(500).default(100),
});
export const createConversationInput = z.object({
  title: z.string().trim().max(200).optional(),
  model: z.string().max(100).optional(),
});
export const renameConversationInput = z.object({
  id: z.string().min(1),
  title: z.string().trim().min(1).max(200),
});
export const conversationIdInput = z.object({ id: z.string().min(1) });

/** Pair each tool_use with its result, for rendering tool cards. */
export function toolCalls(
  blocks: ChatBlock[],
): Array<{ id: string; name: string; input: unknown; result: string | null; isError: boolean }> {
  const results = new Map<string, { content: string; is_error?: boolean }>();
  for (const b of blocks) if (b.type === 'tool_result') results.set(b.tool_use_id, b);
  return blocks.flatMap((b) => {
    if (b.type !== 'tool_use') return [];
    const r = results.get(b.id);
    return [
      { id: b.id, name: b.name, input: b.input, result: r?.content ?? null, isError: r?.is_error === true },
    ];
  });
}

// ---------- contract: methods and events for src/shared/api.ts ----------

export const sendResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), message: chatMessageSchema, conversation: conversationSchema }),
  z.object({
    ok: z.literal(false),
    code: z.string(),
    message: z.string(),
    userMessageId: z.string().nullable(),
    partialMessage: chatMessageSchema.nullable(),
  }),
]);
export type SendResult = z.infer<typeof sendResultSchema>;

const okSchema = z.object({ ok: z.literal(true) });

/** Spread into `methods` in src/shared/api.ts. Send/regenerate/edit resolve when the answer ends; progress comes as `chat.event`. */
export const chatMethods = {
  'chat.settings.get': { input: z.object({}), output: chatSettingsViewSchema },
  'chat.settings.update': { input: chatSettingsPatchSchema, output: chatSettingsViewSchema },
  'chat.apiKey.set': { input: setApiKeyInput, output: chatSettingsViewSchema },
  'chat.testConnection': {
    input: z.object({ model: z.string().max(100).optional() }),
    output: testConnectionResultSchema,
  },
  'chat.conversations.list': { input: listConversationsInput, output: z.array(conversationListItemSchema) },
  'chat.conversations.create': { input: createConversationInput, output: conversationSchema },
  'chat.conversations.rename': { input: renameConversationInput, output: conversationSchema },
  'chat.conversations.delete': { input: conversationIdInput, output: okSchema },
  'chat.conversations.open': { input: conversationIdInput, output: conversationDetailSchema },
  'chat.conversations.export': {
    input: conversationIdInput,
    output: z.object({ fileName: z.string(), markdown: z.string() }),
  },
  'chat.send': { input: sendMessageInput, output: sendResultSchema },
  'chat.regenerate': { input: regenerateInput, output: sendResultSchema },
  'chat.editAndResend': { input: editAndResendInput, output: sendResultSchema },
  'chat.stop': {
    input: z.object({ conversationId: z.string().min(1) }),
    output: z.object({ stopped: z.boolean() }),
  },
  'memory.list': { input: memoryListInput, output: z.array(memorySchema) },
  'memory.create': { input: memoryCreateInput, output: memorySchema },
  'memory.update': { input: memoryUpdateInput, output: memorySchema },
  'memory.delete': { input: conversationIdInput, output: okSchema },
} as const;

/** Spread into `events` in src/shared/api.ts. */
export const chatEvents = {
  /** Every ChatEvent of a running send, tagged with its conversation. */
  'chat.event': z.object({ conversationId: z.string(), event: chatEventSchema }),
  /** Memories were added, edited or deleted (the Memory screen refetches). */
  'memory.changed': z.object({}),
} as const;
