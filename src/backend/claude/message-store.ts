// Chat messages in the office database: each holds its content blocks as JSON, its status and usage (raw SQL
// over better-sqlite3; parsed with a cheap shape check so a long conversation opens fast).
import { v7 } from 'uuid';
import {
  type Attachment,
  type ChatBlock,
  type ChatMessage,
  type ConversationDetail,
  chatBlockSchema,
} from '../../shared/chat.ts';
import type { Usage } from '../../shared/chat-usage.ts';
import { AppError } from '../../shared/errors.ts';
import { type ChatDb, getConversation, touchConversation } from './conversation-store.ts';

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
