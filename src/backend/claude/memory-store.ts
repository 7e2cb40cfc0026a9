// Claude's long-term memories in the office database: the Memory screen's list and edits, and the pinned and
// most relevant memories (bm25 over memory_fts) for the system prompt.
import { v7 } from 'uuid';
import type { Memory } from '../../shared/chat-memory.ts';
import { AppError } from '../../shared/errors.ts';
import type { ChatDb } from './conversation-store.ts';
import { relevanceQuery, searchQuery } from './fts-query.ts';

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
