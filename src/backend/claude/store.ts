// Conversations, chat messages and memories in the office database (raw SQL over better-sqlite3: these are
// hot paths — a 1,000-message conversation must open in a few milliseconds).
import { v7 } from 'uuid';
import {
  type Attachment,
  type ChatBlock,
  type ChatMessage,
  type Conversation,
  type ConversationDetail,
  type ConversationListItem,
  chatBlockSchema,
  type Memory,
  type Usage,
  ZERO_USAGE,
} from '../../shared/chat.ts';
import { AppError } from '../../shared/errors.ts';
import type { AppDatabase } from '../store/db.ts';

/** Only the raw handle is used, so tests and tools can pass any object with one. */
export type ChatDb = Pick<AppDatabase, 'sqlite'>;

type MessageRow = {
  id: string;
  conversation_id: string;
  role: string;
  content: string;
  text: string;
  status: string;
  error: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  cost_usd: number | null;
  created_at: number;
};

type ConversationRow = {
  id: string;
  title: string;
  summary: string | null;
  summary_upto: string | null;
  model: string;
  created_at: number;
  updated_at: number;
  message_count: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost_usd: number;
};

// ---------- FTS helpers ----------

const STOPWORDS = new Set(
  'a an the and or but of to in on at for with by from is are was were be been am i me my we our you your it its this that these those who whom what which do does did have has had can could would should will shall may might must not no yes so as if then than there here they them their he she his her him about into over under up down out just also very please remember tell give show find any some all'.split(
    ' ',
  ),
);

/** Words of a message as an FTS5 OR-query (quoted, so nothing typed is interpreted as syntax). */
export function relevanceQuery(text: string, max = 24): string | null {
  const words = (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}\p{M}]+/gu) ?? []
  ).filter((w) => w.length > 1 && !STOPWORDS.has(w));
  const uniq = [...new Set(words)].slice(0, max);
  if (uniq.length === 0) return null;
  return uniq.map((w) => `"${w}"*`).join(' OR ');
}

/** Every word must match (prefix), as a search box behaves. */
export function searchQuery(text: string): string | null {
  const words = text.normalize('NFC').match(/[\p{L}\p{N}\p{M}]+/gu);
  if (!words || words.length === 0) return null;
  return words
    .slice(0, 12)
    .map((w) => `"${w}"*`)
    .join(' ');
}

// ---------- conversations ----------

const CONVERSATION_SELECT = `
  SELECT c.id, c.title, c.summary, c.summary_upto, c.model, c.created_at, c.updated_at,
    (SELECT count(*) FROM chat_message m WHERE m.conversation_id = c.id AND m.deleted_at IS NULL) AS message_count,
    coalesce(u.input_tokens, 0) AS input_tokens, coalesce(u.output_tokens, 0) AS output_tokens,
    coalesce(u.cache_read_tokens, 0) AS cache_read_tokens, coalesce(u.cache_write_tokens, 0) AS cache_write_tokens,
    coalesce(u.cost_usd, 0) AS cost_usd
  FROM conversation c
  LEFT JOIN (
    SELECT conversation_id, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
      sum(cache_read_tokens) AS cache_read_tokens, sum(cache_write_tokens) AS cache_write_tokens,
      sum(cost_usd) AS cost_usd
    FROM chat_message WHERE deleted_at IS NULL GROUP BY conversation_id
  ) u ON u.conversation_id = c.id`;

function toConversation(r: ConversationRow): Conversation {
  return {
    id: r.id,
    title: r.title,
    model: r.model,
    summary: r.summary,
    summaryUpto: r.summary_upto,
    messageCount: r.message_count,
    usage: {
      inputTokens: r.input_tokens,
      outputTokens: r.output_tokens,
      cacheReadTokens: r.cache_read_tokens,
      cacheWriteTokens: r.cache_write_tokens,
    },
    costUsd: Math.round(r.cost_usd * 1e8) / 1e8,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function createConversation(
  db: ChatDb,
  input: { title?: string; model: string },
  now = Date.now(),
): Conversation {
  const id = v7();
  db.sqlite
    .prepare(
      'INSERT INTO conversation (id, title, summary, summary_upto, model, created_at, updated_at) VALUES (?, ?, NULL, NULL, ?, ?, ?)',
    )
    .run(id, input.title?.trim() || 'New conversation', input.model, now, now);
  return getConversation(db, id);
}

export function getConversation(db: ChatDb, id: string): Conversation {
  const r = db.sqlite
    .prepare(
      `SELECT c.id, c.title, c.summary, c.summary_upto, c.model, c.created_at, c.updated_at,
        count(m.id) AS message_count,
        coalesce(sum(m.input_tokens), 0) AS input_tokens, coalesce(sum(m.output_tokens), 0) AS output_tokens,
        coalesce(sum(m.cache_read_tokens), 0) AS cache_read_tokens,
        coalesce(sum(m.cache_write_tokens), 0) AS cache_write_tokens, coalesce(sum(m.cost_usd), 0) AS cost_usd
      FROM conversation c LEFT JOIN chat_message m ON m.conversation_id = c.id AND m.deleted_at IS NULL
      WHERE c.id = ? AND c.deleted_at IS NULL GROUP BY c.id`,
    )
    .get(id) as ConversationRow | undefined;
  if (!r) throw new AppError('NOT_FOUND', 'That conversation does not exist (or was deleted).');
  return toConversation(r);
}

/** Conversations, newest first; with a search, only those whose title or any message matches (best match first). */
export function listConversations(
  db: ChatDb,
  input: { search?: string; limit?: number } = {},
): ConversationListItem[] {
  const limit = input.limit ?? 100;
  const q = searchQuery(input.search ?? '');
  if (!q) {
    const rows = db.sqlite
      .prepare(
        `${CONVERSATION_SELECT} WHERE c.deleted_at IS NULL ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`,
      )
      .all(limit) as ConversationRow[];
    return rows.map((r) => ({ ...toConversation(r), snippet: null, matchMessageId: null }));
  }
  // Best message hit per conversation (bm25: lower is better), then title hits.
  const hits = db.sqlite
    .prepare(
      `SELECT f.conversation_id AS cid, f.message_id AS mid,
          snippet(chat_message_fts, 2, '[', ']', '…', 12) AS snip, bm25(chat_message_fts) AS score
        FROM chat_message_fts f WHERE chat_message_fts MATCH ? ORDER BY score LIMIT 2000`,
    )
    .all(`text : (${q})`) as Array<{ cid: string; mid: string; snip: string; score: number }>;
  const best = new Map<string, { mid: string; snip: string; score: number }>();
  for (const h of hits) if (!best.has(h.cid)) best.set(h.cid, h);
  const like = `%${(input.search ?? '').trim().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  const titleIds = db.sqlite
    .prepare("SELECT id FROM conversation WHERE deleted_at IS NULL AND title LIKE ? ESCAPE '\\'")
    .all(like) as Array<{ id: string }>;
  const ids = [...new Set([...titleIds.map((t) => t.id), ...best.keys()])];
  if (ids.length === 0) return [];
  const rows = db.sqlite
    .prepare(`${CONVERSATION_SELECT} WHERE c.deleted_at IS NULL AND c.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as ConversationRow[];
  const items = rows.map((r) => {
    const b = best.get(r.id);
    return {
      ...toConversation(r),
      snippet: b?.snip ?? null,
      matchMessageId: b?.mid ?? null,
      score: b?.score ?? -1e9,
    };
  });
  items.sort((a, b) => a.score - b.score || b.updatedAt - a.updatedAt);
  return items.slice(0, limit).map(({ score: _s, ...rest }) => rest);
}

export function renameConversation(db: ChatDb, id: string, title: string, now = Date.now()): Conversation {
  const t = title.trim();
  if (!t) throw new AppError('INVALID_INPUT', 'A conversation needs a title.');
  const r = db.sqlite
    .prepare('UPDATE conversation SET title = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL')
    .run(t.slice(0, 200), now, id);
  if (r.changes === 0) throw new AppError('NOT_FOUND', 'That conversation does not exist (or was deleted).');
  return getConversation(db, id);
}

/** Tombstones the conversation and its messages (they leave search too: the FTS triggers skip tombstoned rows). */
export function deleteConversation(db: ChatDb, id: string, now = Date.now()): void {
  db.sqlite.transaction(() => {
    const r = db.sqlite
      .prepare('UPDATE conversation SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL')
      .run(now, now, id);
    if (r.changes === 0)
      throw new AppError('NOT_FOUND', 'That conversation does not exist (or was deleted).');
    db.sqlite
      .prepare(
        'UPDATE chat_message SET deleted_at = ?, updated_at = ? WHERE conversation_id = ? AND deleted_at IS NULL',
      )
      .run(now, now, id);
  })();
}

export function setConversationModel(db: ChatDb, id: string, model: string, now = Date.now()): void {
  db.sqlite.prepare('UPDATE conversation SET model = ?, updated_at = ? WHERE id = ?').run(model, now, id);
}

export function touchConversation(db: ChatDb, id: string, now = Date.now()): void {
  db.sqlite.prepare('UPDATE conversation SET updated_at = ? WHERE id = ?').run(now, id);
}

export function setSummary(
  db: ChatDb,
  id: string,
  summary: string | null,
  upto: string | null,
  now = Date.now(),
): void {
  db.sqlite
    .prepare('UPDATE conversation SET summary = ?, summary_upto = ?, updated_at = ? WHERE id = ?')
    .run(summary, upto, now, id);
}

// ---------- messages ----------

function parseBlocks(json: string): ChatBlock[] {
  try {
    const raw: unknown = JSON.parse(json);
    if (!Array.isArray(raw)) return [];
    const out: ChatBlock[] = [];
    for (const b of raw) {
      // Trusted rows we wrote ourselves: a cheap shape check instead of a full zod parse keeps opening fast.
      if (b && typeof b === 'object' && 'type' in b) out.push(b as ChatBlock);
    }
    return out;
  } catch {
    return [];
  }
}

function toMessage(r: MessageRow): ChatMessage {
  const blocks = parseBlocks(r.content);
  const attachments: Attachment[] = [];
  for (const b of blocks) if (b.type === 'text' && b.attachment) attachments.push(b.attachment);
  let error: { code: string; message: string } | null = null;
  if (r.error) {
    try {
      error = JSON.parse(r.error) as { code: string; message: string };
    } catch {
      error = { code: 'API_ERROR', message: r.error };
    }
  }
  const hasUsage = r.input_tokens !== null || r.output_tokens !== null;
  return {
    id: r.id,
    conversationId: r.conversation_id,
    role: r.role === 'assistant' ? 'assistant' : 'user',
    blocks,
    text: r.text,
    attachments,
    status: r.status === 'partial' ? 'partial' : r.status === 'error' ? 'error' : 'complete',
    error,
    usage: hasUsage
      ? {
          inputTokens: r.input_tokens ?? 0,
          outputTokens: r.output_tokens ?? 0,
          cacheReadTokens: r.cache_read_tokens ?? 0,
          cacheWriteTokens: r.cache_write_tokens ?? 0,
        }
      : null,
    costUsd: r.cost_usd,
    createdAt: r.created_at,
  };
}

const MESSAGE_COLS =
  'id, conversation_id, role, content, text, status, error, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, created_at';

export function listMessages(db: ChatDb, conversationId: string): ChatMessage[] {
  const rows = db.sqlite
    .prepare(
      `SELECT ${MESSAGE_COLS} FROM chat_message WHERE conversation_id = ? AND deleted_at IS NULL ORDER BY id`,
    )
    .all(conversationId) as MessageRow[];
  return rows.map(toMessage);
}

export function getMessage(db: ChatDb, id: string): ChatMessage {
  const r = db.sqlite
    .prepare(`SELECT ${MESSAGE_COLS} FROM chat_message WHERE id = ? AND deleted_at IS NULL`)
    .get(id) as MessageRow | undefined;
  if (!r) throw new AppError('NOT_FOUND', 'That message does not exist.');
  return toMessage(r);
}

/** Opens a conversation: its totals and all its live messages, ready for the UI. */
export function loadConversation(db: ChatDb, id: string): ConversationDetail {
  return { conversation: getConversation(db, id), messages: listMessages(db, id) };
}

export type NewMessage = {
  id?: string;
  conversationId: string;
  role: 'user' | 'assistant';
  blocks: ChatBlock[];
  text: string;
  status: 'complete' | 'partial' | 'error';
  error?: { code: string; message: string } | null;
  usage?: Usage | null;
  costUsd?: number | null;
};

export function insertMessage(db: ChatDb, m: NewMessage, now = Date.now()): ChatMessage {
  const id = m.id ?? v7();
  const u = m.usage ?? null;
  db.sqlite
    .prepare(
      `INSERT INTO chat_message (id, conversation_id, role, content, text, status, error, input_tokens, output_tokens,
        cache_read_tokens, cache_write_tokens, cost_usd, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      id,
      m.conversationId,
      m.role,
      JSON.stringify(m.blocks),
      m.text,
      m.status,
      m.error ? JSON.stringify(m.error) : null,
      u?.inputTokens ?? null,
      u?.outputTokens ?? null,
      u?.cacheReadTokens ?? null,
      u?.cacheWriteTokens ?? null,
      m.costUsd ?? null,
      now,
      now,
    );
  touchConversation(db, m.conversationId, now);
  return getMessage(db, id);
}

export function updateMessageStatus(
  db: ChatDb,
  id: string,
  status: 'complete' | 'partial' | 'error',
  error: { code: string; message: string } | null,
  now = Date.now(),
): void {
  db.sqlite
    .prepare('UPDATE chat_message SET status = ?, error = ?, updated_at = ? WHERE id = ?')
    .run(status, error ? JSON.stringify(error) : null, now, id);
}

/** Tombstones messages (regenerate / edit-and-resend drop what came after). */
export function deleteMessages(db: ChatDb, ids: readonly string[], now = Date.now()): void {
  if (ids.length === 0) return;
  db.sqlite
    .prepare(
      'UPDATE chat_message SET deleted_at = ?, updated_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL',
    )
    .run(now, now, JSON.stringify(ids));
}

export function validateBlocks(raw: unknown): ChatBlock[] {
  const r = chatBlockSchema.array().safeParse(raw);
  if (!r.success) throw new AppError('INVALID_INPUT', 'Malformed message content.');
  return r.data;
}

// ---------- export ----------

function quote(s: string): string {
  return s
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
}

export function exportMarkdown(db: ChatDb, id: string): { fileName: string; markdown: string } {
  const { conversation: c, messages } = loadConversation(db, id);
  const out: string[] = [`# ${c.title}`, ''];
  out.push(
    `*Model: ${c.model} · ${new Date(c.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC*`,
    '',
  );
  if (c.summary) out.push('## Summary of earlier messages', '', quote(c.summary), '');
  for (const m of messages) {
    const when = new Date(m.createdAt).toISOString().slice(0, 16).replace('T', ' ');
    out.push(`## ${m.role === 'user' ? 'You' : 'Claude'} · ${when}`, '');
    if (m.attachments.length)
      out.push(`*Attached: ${m.attachments.map((a) => `${a.kind} ${a.label ?? a.id}`).join(', ')}*`, '');
    if (m.role === 'user') out.push(m.text, '');
    else {
      for (const b of m.blocks) {
        if (b.type === 'text') out.push(b.text, '');
        else if (b.type === 'tool_use') out.push(`*Tool: ${b.name}* \`${JSON.stringify(b.input)}\``, '');
      }
    }
    if (m.status !== 'complete') out.push(`*(${m.status}${m.error ? `: ${m.error.message}` : ''})*`, '');
  }
  const total = c.costUsd
    ? `\n---\n*Tokens: ${c.usage.inputTokens} in, ${c.usage.outputTokens} out, ${c.usage.cacheReadTokens} cache read · ≈ $${c.costUsd.toFixed(4)}*\n`
    : '';
  const safe =
    c.title
      .replace(/[^\p{L}\p{N} _-]+/gu, '')
      .trim()
      .slice(0, 80) || 'conversation';
  return { fileName: `${safe}.md`, markdown: `${out.join('\n').trimEnd()}\n${total}` };
}

// ---------- memories ----------

type MemoryRow = {
  id: string;
  text: string;
  source_conversation_id: string | null;
  pinned: number;
  added_by: string | null;
  created_at: number;
  updated_at: number;
};

function toMemory(r: MemoryRow): Memory {
  return {
    id: r.id,
    text: r.text,
    sourceConversationId: r.source_conversation_id,
    pinned: r.pinned === 1,
    addedBy: r.added_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const MEMORY_COLS = 'id, text, source_conversation_id, pinned, added_by, created_at, updated_at';

export function createMemory(
  db: ChatDb,
  input: { text: string; pinned?: boolean; sourceConversationId?: string | null; addedBy?: string | null },
  now = Date.now(),
): Memory {
  const text = input.text.trim();
  if (!text) throw new AppError('INVALID_INPUT', 'A memory needs some text.');
  if (text.length > 2000) throw new AppError('INVALID_INPUT', 'A memory is at most 2,000 characters.');
  // The same fact twice is one memory.
  const dup = db.sqlite
    .prepare(`SELECT ${MEMORY_COLS} FROM memory WHERE deleted_at IS NULL AND lower(text) = lower(?)`)
    .get(text) as MemoryRow | undefined;
  if (dup) return toMemory(dup);
  const id = v7();
  db.sqlite
    .prepare(
      'INSERT INTO memory (id, text, source_conversation_id, pinned, added_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(id, text, input.sourceConversationId ?? null, input.pinned ? 1 : 0, input.addedBy ?? null, now, now);
  return getMemory(db, id);
}

export function getMemory(db: ChatDb, id: string): Memory {
  const r = db.sqlite
    .prepare(`SELECT ${MEMORY_COLS} FROM memory WHERE id = ? AND deleted_at IS NULL`)
    .get(id) as MemoryRow | undefined;
  if (!r) throw new AppError('NOT_FOUND', 'That memory does not exist (or was deleted).');
  return toMemory(r);
}

export function updateMemory(
  db: ChatDb,
  input: { id: string; text?: string; pinned?: boolean },
  now = Date.now(),
): Memory {
  const cur = getMemory(db, input.id);
  const text = input.text?.trim() ?? cur.text;
  if (!text) throw new AppError('INVALID_INPUT', 'A memory needs some text.');
  if (text.length > 2000) throw new AppError('INVALID_INPUT', 'A memory is at most 2,000 characters.');
  db.sqlite
    .prepare('UPDATE memory SET text = ?, pinned = ?, updated_at = ? WHERE id = ?')
    .run(text, (input.pinned ?? cur.pinned) ? 1 : 0, now, input.id);
  return getMemory(db, input.id);
}

export function deleteMemory(db: ChatDb, id: string, now = Date.now()): void {
  const r = db.sqlite
    .prepare('UPDATE memory SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL')
    .run(now, now, id);
  if (r.changes === 0) throw new AppError('NOT_FOUND', 'That memory does not exist (or was deleted).');
}

/** The Memory screen: pinned first, then newest; with a search, by relevance. */
export function listMemories(db: ChatDb, input: { search?: string } = {}): Memory[] {
  const q = searchQuery(input.search ?? '');
  if (!q) {
    const rows = db.sqlite
      .prepare(`SELECT ${MEMORY_COLS} FROM memory WHERE deleted_at IS NULL ORDER BY pinned DESC, id DESC`)
      .all() as MemoryRow[];
    return rows.map(toMemory);
  }
  const rows = db.sqlite
    .prepare(
      `SELECT m.id, m.text, m.source_conversation_id, m.pinned, m.created_at, m.updated_at
       FROM memory_fts f JOIN memory m ON m.id = f.memory_id
       WHERE memory_fts MATCH ? AND m.deleted_at IS NULL ORDER BY bm25(memory_fts) LIMIT 500`,
    )
    .all(`text : (${q})`) as MemoryRow[];
  return rows.map(toMemory);
}

/** Memories for the system prompt: every pinned one, plus the best bm25 matches for the new message's words. */
export function relevantMemories(db: ChatDb, text: string, limit: number): Memory[] {
  const pinned = (
    db.sqlite
      .prepare(
        `SELECT ${MEMORY_COLS} FROM memory WHERE deleted_at IS NULL AND pinned = 1 ORDER BY id LIMIT 50`,
      )
      .all() as MemoryRow[]
  ).map(toMemory);
  const q = relevanceQuery(text);
  if (!q || limit === 0) return pinned;
  const seen = new Set(pinned.map((m) => m.id));
  const rows = db.sqlite
    .prepare(
      `SELECT m.id, m.text, m.source_conversation_id, m.pinned, m.created_at, m.updated_at
       FROM memory_fts f JOIN memory m ON m.id = f.memory_id
       WHERE memory_fts MATCH ? AND m.deleted_at IS NULL ORDER BY bm25(memory_fts) LIMIT ?`,
    )
    .all(`text : (${q})`, limit + pinned.length) as MemoryRow[];
  const out = [...pinned];
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    out.push(toMemory(r));
    if (out.length - pinned.length >= limit) break;
  }
  return out;
}

export const EMPTY_USAGE = ZERO_USAGE;
