// Claude in the app: the shapes that cross the renderer↔main boundary (tool inputs, streamed chat events,
// conversation/message/memory DTOs, settings). Runtime-neutral: zod and plain TypeScript only.
import { z } from 'zod';
import { availabilitySchema, genderSchema } from './talent.ts';

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

// ---------- tool inputs (what Claude may pass; validated in main before running) ----------

const id = z.string().trim().min(1).max(100);
const filterValues = (what: string) =>
  z.array(z.string().trim().min(1).max(100)).max(20).optional().describe(what);

// Every tool input is a strict object: an argument a tool does not know is an error Claude reads (naming it),
// never silently dropped — a dropped `gender` once returned men for a request for women.
// search_talent takes every filter of the Talent screen (src/shared/talent.ts talentFiltersSchema).
export const searchTalentToolInput = z
  .strictObject({
    text: z
      .string()
      .max(300)
      .optional()
      .describe('Free text: names, skills, notes, city… Leave empty to filter only.'),
    genders: z
      .array(genderSchema)
      .min(1)
      .max(8)
      .optional()
      .describe('Only these genders, e.g. ["female"] for women'),
    ageMin: z.number().int().min(0).max(120).optional().describe('Playing age lower bound (overlap match)'),
    ageMax: z.number().int().min(0).max(120).optional().describe('Playing age upper bound (overlap match)'),
    heightMinCm: z.number().int().min(0).max(300).optional(),
    heightMaxCm: z.number().int().min(0).max(300).optional(),
    languages: z
      .array(
        z.strictObject({
          language: z.string().trim().min(1).max(40),
          minFluency: z.number().int().min(1).max(5).optional().describe('1 basic … 5 native; default 1'),
        }),
      )
      .max(10)
      .optional(),
    skills: filterValues('Every one required, e.g. ["Horse riding", "Kathak"]'),
    cities: filterValues('Any of these cities'),
    unions: filterValues('Any of these unions, e.g. ["CINTAA"]'),
    tags: filterValues('Every one required'),
    availability: z.array(availabilitySchema).min(1).max(4).optional(),
    limit: z.number().int().min(1).max(50).optional().describe('Default 20'),
  })
  .refine((i) => i.ageMin == null || i.ageMax == null || i.ageMin <= i.ageMax, {
    message: 'ageMin must not be above ageMax',
    path: ['ageMin'],
  })
  .refine((i) => i.heightMinCm == null || i.heightMaxCm == null || i.heightMinCm <= i.heightMaxCm, {
    message: 'heightMinCm must not be above heightMaxCm',
    path: ['heightMinCm'],
  });
export type SearchTalentToolInput = z.infer<typeof searchTalentToolInput>;

export const getTalentToolInput = z.strictObject({ id: id.describe('Talent id from search_talent') });
export const listProjectsToolInput = z.strictObject({
  includeClosed: z.boolean().optional().describe('Also list archived/closed projects'),
});
export const listRolesToolInput = z.strictObject({ projectId: id });
export const getShortlistToolInput = z.strictObject({ roleId: id });
export const getScriptAnalysisToolInput = z.strictObject({
  scriptId: id.optional().describe('A script id; or give projectId to use that project’s latest script'),
  projectId: id.optional(),
  part: z
    .enum(['overview', 'cast', 'scenes', 'speeches'])
    .describe('cast list, scene list, or one character’s speeches'),
  character: z.string().min(1).max(100).optional().describe('Required for part=speeches'),
  limit: z.number().int().min(1).max(200).optional(),
});
export const proposeShortlistAdditionToolInput = z.strictObject({
  roleId: id,
  talentIds: z.array(id).min(1).max(20),
  reason: z.string().max(1000).optional().describe('Why these people fit the role'),
});
export const rememberToolInput = z.strictObject({
  text: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .describe('One self-contained fact worth remembering across conversations'),
  pinned: z.boolean().optional().describe('Pinned memories are always in context'),
});

export const TOOL_NAMES = [
  'search_talent',
  'get_talent',
  'list_projects',
  'list_roles',
  'get_shortlist',
  'get_script_analysis',
  'propose_shortlist_addition',
  'remember',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** Tool definitions: name, what Claude is told, and the zod schema of its input (converted to JSON Schema in main). */
export const CHAT_TOOLS = {
  search_talent: {
    description:
      "Search the office's talent database (same search as the Talent screen). Returns slim cards with ids. " +
      'Use filters for gender, playing age, height, languages with fluency, skills, city, union, tags and ' +
      'availability; text for anything else. Unknown arguments are errors.',
    input: searchTalentToolInput,
    label: 'Searched talent',
  },
  get_talent: {
    description: 'Get one talent profile in full by id.',
    input: getTalentToolInput,
    label: 'Opened a profile',
  },
  list_projects: {
    description: 'List the office’s projects (films, series, ads) with ids and status.',
    input: listProjectsToolInput,
    label: 'Listed projects',
  },
  list_roles: {
    description: 'List the roles of one project with their briefs (age range, gender, languages).',
    input: listRolesToolInput,
    label: 'Listed roles',
  },
  get_shortlist: {
    description: 'Get the shortlist of one role: talents considered, their status, notes and rating.',
    input: getShortlistToolInput,
    label: 'Read a shortlist',
  },
  get_script_analysis: {
    description:
      'Read a script analysis: overview, the cast list (characters with line counts), the scene list, ' +
      'or the speeches of one character.',
    input: getScriptAnalysisToolInput,
    label: 'Read a script analysis',
  },
  propose_shortlist_addition: {
    description:
      'Propose adding talents to a role’s shortlist. Nothing is written: the user sees the proposal and ' +
      'confirms or dismisses it in the app.',
    input: proposeShortlistAdditionToolInput,
    label: 'Proposed a shortlist addition',
  },
  remember: {
    description:
      'Save a long-term memory for future conversations (office preferences, facts about people or ' +
      'projects the user told you). Do not save secrets or passing details.',
    input: rememberToolInput,
    label: 'Saved a memory',
  },
} as const satisfies Record<ToolName, { description: string; input: z.ZodType; label: string }>;

// ---------- attachments (context chips) ----------

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

// ---------- usage and cost ----------

export const usageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheReadTokens: z.number().int().nonnegative(),
  cacheWriteTokens: z.number().int().nonnegative(),
});
export type Usage = z.infer<typeof usageSchema>;
export const ZERO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

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

export const memorySchema = z.object({
  id: z.string(),
  text: z.string(),
  sourceConversationId: z.string().nullable(),
  pinned: z.boolean(),
  /** Who added it (the person signed in to the office then); null on a desktop that was not signed in. */
  addedBy: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Memory = z.infer<typeof memorySchema>;

/** What propose_shortlist_addition returns: the UI shows it as a card with Confirm / Dismiss. */
export const shortlistProposalSchema = z.object({
  kind: z.literal('shortlist_proposal'),
  roleId: z.string(),
  roleName: z.string().nullable(),
  talents: z.array(z.object({ id: z.string(), fullName: z.string(), alreadyShortlisted: z.boolean() })),
  reason: z.string().nullable(),
});
export type ShortlistProposal = z.infer<typeof shortlistProposalSchema>;

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

export const memoryCreateInput = z.object({
  text: z.string().trim().min(1).max(2000),
  pinned: z.boolean().default(false),
  sourceConversationId: z.string().nullable().default(null),
});
export const memoryUpdateInput = z.object({
  id: z.string().min(1),
  text: z.string().trim().min(1).max(2000).optional(),
  pinned: z.boolean().optional(),
});
export const memoryListInput = z.object({ search: z.string().max(500).default('') });

// ---------- settings ----------

export const chatSettingsSchema = z.object({
  model: z.string().min(1).max(100),
  maxTokens: z.number().int().min(256).max(64_000).default(4096),
  /** Past this many (estimated) tokens of history, older turns are summarised. */
  contextBudgetTokens: z.number().int().min(2_000).max(900_000).default(60_000),
  /** How many relevant memories go into the system prompt (pinned ones always do). */
  memoryLimit: z.number().int().min(0).max(50).default(8),
  maxToolIterations: z.number().int().min(1).max(25).default(8),
});
export type ChatSettings = z.infer<typeof chatSettingsSchema>;
export const chatSettingsPatchSchema = chatSettingsSchema.partial();

export const chatSettingsViewSchema = chatSettingsSchema.extend({
  /** The key itself never reaches the renderer. */
  hasApiKey: z.boolean(),
  keyStorage: z.string(),
  /** True when the key is kept in a plain (0600) file rather than the OS keychain. */
  keyStorageInsecure: z.boolean(),
  knownModels: z.array(z.object({ id: z.string(), label: z.string() })),
});
export type ChatSettingsView = z.infer<typeof chatSettingsViewSchema>;

export const setApiKeyInput = z.object({ apiKey: z.string().trim().max(500).nullable() });
export const testConnectionResultSchema = z.object({
  ok: z.boolean(),
  model: z.string(),
  latencyMs: z.number(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type TestConnectionResult = z.infer<typeof testConnectionResultSchema>;

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
