// Saved analyses keyed by the PDF's SHA-256, and review notes. Tables are created by the app's migrations.
import type { Database } from 'better-sqlite3';
import { v7 } from 'uuid';
import { AppError } from '../../shared/errors.ts';
import {
  type NoteTarget,
  noteTargetSchema,
  type ScriptAnalysis,
  type ScriptNote,
  type ScriptRecord,
  scriptAnalysisSchema,
} from '../../shared/script.ts';

export interface ScriptSummary {
  id: string;
  sha256: string;
  fileName: string;
  title: string;
  pages: number;
  projectId: string | null;
  createdAt: number;
  updatedAt: number;
}

interface ScriptRow {
  id: string;
  sha256: string;
  file_name: string;
  title: string;
  pages: number;
  analysis: string;
  project_id: string | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

interface NoteRow {
  id: string;
  script_id: string;
  target_kind: string;
  target_ref: string;
  body: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

const MAX_NOTE = 20_000;

function toRecord(row: ScriptRow): ScriptRecord | null {
  let json: unknown;
  try {
    json = JSON.parse(row.analysis);
  } catch {
    return null;
  }
  const a = scriptAnalysisSchema.safeParse(json);
  if (!a.success) return null; // stored by an older analyser: the caller analyses again
  return {
    id: row.id,
    sha256: row.sha256,
    fileName: row.file_name,
    title: row.title,
    pages: row.pages,
    projectId: row.project_id,
    analysis: a.data,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Saves an analysis; the same file (same SHA-256) replaces its earlier analysis and is undeleted. */
export function saveScriptAnalysis(
  db: Database,
  input: { sha256: string; fileName: string; analysis: ScriptAnalysis; projectId?: string | null },
  now: number = Date.now(),
): ScriptRecord {
  if (!/^[0-9a-f]{64}$/.test(input.sha256))
    throw new AppError('VALIDATION', 'sha256 must be 64 lowercase hex digits.');
  const analysis = scriptAnalysisSchema.parse(input.analysis);
  const json = JSON.stringify(analysis);
  const existing = db.prepare('SELECT * FROM script WHERE sha256 = ?').get(input.sha256) as
    | ScriptRow
    | undefined;
  const id = existing?.id ?? v7();
  const projectId = input.projectId === undefined ? (existing?.project_id ?? null) : input.projectId;
  if (existing) {
    db.prepare(
      'UPDATE script SET file_name = ?, title = ?, pages = ?, analysis = ?, project_id = ?, updated_at = ?, deleted_at = NULL WHERE id = ?',
    ).run(input.fileName, analysis.title, analysis.pages, json, projectId, now, id);
  } else {
    db.prepare(
      'INSERT INTO script (id, sha256, file_name, title, pages, analysis, project_id, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)',
    ).run(id, input.sha256, input.fileName, analysis.title, analysis.pages, json, projectId, now, now);
  }
  return {
    id,
    sha256: input.sha256,
    fileName: input.fileName,
    title: analysis.title,
    pages: analysis.pages,
    projectId,
    analysis,
    createdAt: existing?.created_at ?? now,
    updatedAt: now,
  };
}

/** The live analysis of a file by its SHA-256, or null (absent, deleted, or stored in an outdated shape). */
export function findScriptBySha(db: Database, sha256: string): ScriptRecord | null {
  const row = db.prepare('SELECT * FROM script WHERE sha256 = ? AND deleted_at IS NULL').get(sha256) as
    | ScriptRow
    | undefined;
  return row ? toRecord(row) : null;
}

export function getScript(db: Database, id: string): ScriptRecord | null {
  const row = db.prepare('SELECT * FROM script WHERE id = ? AND deleted_at IS NULL').get(id) as
    | ScriptRow
    | undefined;
  return row ? toRecord(row) : null;
}

/** Scripts without their analyses, newest first (the id breaks a same-millisecond tie); optionally one project's. */
export function listScripts(db: Database, opts: { projectId?: string } = {}): ScriptSummary[] {
  const rows = (
    opts.projectId === undefined
      ? db
          .prepare(
            'SELECT id, sha256, file_name, title, pages, project_id, created_at, updated_at FROM script WHERE deleted_at IS NULL ORDER BY updated_at DESC, id DESC',
          )
          .all()
      : db
          .prepare(
            'SELECT id, sha256, file_name, title, pages, project_id, created_at, updated_at FROM script WHERE deleted_at IS NULL AND project_id = ? ORDER BY updated_at DESC, id DESC',
          )
          .all(opts.projectId)
  ) as Omit<ScriptRow, 'analysis' | 'deleted_at'>[];
  return rows.map((r) => ({
    id: r.id,
    sha256: r.sha256,
    fileName: r.file_name,
    title: r.title,
    pages: r.pages,
    projectId: r.project_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export function setScriptProject(
  db: Database,
  id: string,
  projectId: string | null,
  now: number = Date.now(),
): boolean {
  return (
    db
      .prepare('UPDATE script SET project_id = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL')
      .run(projectId, now, id).changes > 0
  );
}

/** Soft-deletes a script and its notes (tombstones, so deletions sync). */
export function deleteScript(db: Database, id: string, now: number = Date.now()): boolean {
  return db.transaction(() => {
    const n = db
      .prepare('UPDATE script SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL')
      .run(now, now, id).changes;
    db.prepare(
      'UPDATE script_note SET deleted_at = ?, updated_at = ? WHERE script_id = ? AND deleted_at IS NULL',
    ).run(now, now, id);
    return n > 0;
  })();
}

function encodeTarget(t: NoteTarget): { kind: string; ref: string } {
  if (t.kind === 'scene') return { kind: 'scene', ref: String(t.index) };
  if (t.kind === 'character') return { kind: 'character', ref: t.name };
  return {
    kind: 'selection',
    ref: JSON.stringify({ page: t.page, start: t.start, end: t.end, text: t.text }),
  };
}

function decodeTarget(kind: string, ref: string): NoteTarget | null {
  let candidate: unknown = null;
  if (kind === 'scene') candidate = { kind, index: Number(ref) };
  else if (kind === 'character') candidate = { kind, name: ref };
  else if (kind === 'selection') {
    try {
      candidate = { kind, ...(JSON.parse(ref) as object) };
    } catch {
      return null;
    }
  }
  const r = noteTargetSchema.safeParse(candidate);
  return r.success ? r.data : null;
}

function toNote(r: NoteRow): ScriptNote | null {
  const target = decodeTarget(r.target_kind, r.target_ref);
  return target
    ? {
        id: r.id,
        scriptId: r.script_id,
        target,
        body: r.body,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      }
    : null;
}

function checkBody(body: string): string {
  const b = body.trim();
  if (b.length === 0) throw new AppError('VALIDATION', 'A note cannot be empty.');
  if (b.length > MAX_NOTE) throw new AppError('VALIDATION', `A note can be at most ${MAX_NOTE} characters.`);
  return b;
}

export function addScriptNote(
  db: Database,
  scriptId: string,
  target: NoteTarget,
  body: string,
  now: number = Date.now(),
): ScriptNote {
  const t = noteTargetSchema.parse(target);
  const text = checkBody(body);
  const exists = db.prepare('SELECT 1 FROM script WHERE id = ? AND deleted_at IS NULL').get(scriptId);
  if (!exists) throw new AppError('NOT_FOUND', 'That script does not exist.');
  const { kind, ref } = encodeTarget(t);
  const id = v7();
  db.prepare(
    'INSERT INTO script_note (id, script_id, target_kind, target_ref, body, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)',
  ).run(id, scriptId, kind, ref, text, now, now);
  return { id, scriptId, target: t, body: text, createdAt: now, updatedAt: now };
}

export function updateScriptNote(
  db: Database,
  id: string,
  body: string,
  now: number = Date.now(),
): ScriptNote | null {
  const text = checkBody(body);
  db.prepare('UPDATE script_note SET body = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL').run(
    text,
    now,
    id,
  );
  const row = db.prepare('SELECT * FROM script_note WHERE id = ? AND deleted_at IS NULL').get(id) as
    | NoteRow
    | undefined;
  return row ? toNote(row) : null;
}

export function deleteScriptNote(db: Database, id: string, now: number = Date.now()): boolean {
  return (
    db
      .prepare('UPDATE script_note SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL')
      .run(now, now, id).changes > 0
  );
}

/** A script's live notes, oldest first; optionally only those on one kind of target. */
export function listScriptNotes(
  db: Database,
  scriptId: string,
  filter: { kind?: NoteTarget['kind'] } = {},
): ScriptNote[] {
  const rows = (
    filter.kind
      ? db
          .prepare(
            'SELECT * FROM script_note WHERE script_id = ? AND target_kind = ? AND deleted_at IS NULL ORDER BY created_at, id',
          )
          .all(scriptId, filter.kind)
      : db
          .prepare(
            'SELECT * FROM script_note WHERE script_id = ? AND deleted_at IS NULL ORDER BY created_at, id',
          )
          .all(scriptId)
  ) as NoteRow[];
  return rows.map(toNote).filter((n): n is ScriptNote => n !== null);
}
