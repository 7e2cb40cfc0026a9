// Conversations in the office database, with their message counts and token/cost totals (raw SQL over
// better-sqlite3: these are hot paths — a 1,000-message conversation must open in a few milliseconds).
import { v7 } from 'uuid';
import type { Conversation, ConversationListItem } from '../../shared/chat.ts';
import { AppError } from '../../shared/errors.ts';
import type { AppDatabase } from '../store/db.ts';
import { searchQuery } from './fts-query.ts';

/** Only the raw handle is used, so tests and tools can pass any object with one. */
export type ChatDb = Pick<AppDatabase, 'sqlite'>;

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
