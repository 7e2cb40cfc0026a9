// Handlers for the script-review methods (scriptMethods in src/shared/script-api.ts): analysis by file
// handle with progress, cancel and password retry; the stored copy of the PDF for the viewer; notes; roles
// from characters; draft comparison; breakdown exports.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { RoleInput } from '../../shared/casting.ts';
import { AppError } from '../../shared/errors.ts';
import type { ScriptAnalysis, ScriptRecord } from '../../shared/script.ts';
import type {
  DraftDiff,
  makeRoleChoiceSchema,
  ScriptSummary,
  scriptMethods,
} from '../../shared/script-api.ts';
import { createProject, createRole, getProject, listRoles } from '../casting/repo.ts';
import { findDevanagariFont, isWinAnsi } from '../export/pdf-text.ts';
import { compareDrafts } from '../script/compare.ts';
import {
  castBySceneRows,
  castListRows,
  exportBreakdownPdf,
  exportBreakdownXlsx,
  toCsv,
} from '../script/export.ts';
import {
  analyzeScriptBytes,
  DEFAULT_MAX_BYTES,
  prewarmScriptWorker,
  ScriptError,
  sha256Hex,
} from '../script/index.ts';
import {
  addScriptNote,
  deleteScript,
  deleteScriptNote,
  findScriptBySha,
  getScript,
  listScriptNotes,
  listScripts,
  saveScriptAnalysis,
  setScriptProject,
  updateScriptNote,
} from '../script/store.ts';
import type { AppDatabase } from '../store/db.ts';
import type { EventHub } from './events.ts';
import type { FileRegistry } from './files.ts';

type M = typeof scriptMethods;
export type ScriptHandlers = {
  [K in keyof M]: (
    input: z.output<M[K]['input']>,
  ) => z.input<M[K]['output']> | Promise<z.input<M[K]['output']>>;
};

export interface ScriptHandlerContext {
  db: AppDatabase;
  events: EventHub;
  files: FileRegistry;
  dataDir: string;
}

function summary(r: ScriptRecord): ScriptSummary {
  return {
    id: r.id,
    sha256: r.sha256,
    fileName: r.fileName,
    title: r.title,
    pages: r.pages,
    projectId: r.projectId,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

const titleKey = (t: string) => t.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

function slug(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 60) || 'script'
  );
}

/** Role fields suggested by the analysis: the introducing action as description, age and gender hints. */
export function suggestRole(
  a: ScriptAnalysis,
  name: string,
): Omit<RoleInput, 'projectId' | 'name'> & { name: string } {
  const c = a.characters.find((x) => x.name === name);
  const s = c ? null : a.silent.find((x) => x.name === name);
  if (!c && !s) throw new AppError('NOT_FOUND', `${name} is not a character of this script.`);
  const intro = c ? c.intro : (s?.intro ?? null);
  const age = c ? c.age : (s?.age ?? null);
  const gender = c ? c.gender : (s?.gender ?? null);
  const facts = c
    ? `${c.speeches} speeches in ${c.scenes.length} scenes; first appears on page ${c.firstPage}.`
    : `Silent; introduced on page ${s?.page ?? 1}.`;
  const clamp = (n: number) => Math.max(0, Math.min(120, n));
  return {
    name: c?.name ?? s?.name ?? name,
    description: intro ? `${intro}\n\n${facts}` : facts,
    ageMin: age ? clamp(Math.min(age.min, age.max)) : null,
    ageMax: age ? clamp(Math.max(age.min, age.max)) : null,
    gender: gender?.value ?? null,
  };
}

export function createScriptHandlers(ctx: ScriptHandlerContext): ScriptHandlers {
  const { db, events, files, dataDir } = ctx;
  const sqlite = db.sqlite;
  const jobs = new Map<string, AbortController>();
  const pdfDir = join(dataDir, 'scripts');
  const pdfPath = (sha: string) => join(pdfDir, `${sha}.pdf`);

  /** Keeps the viewer's copy: written once per SHA-256, atomically, so a reopened script works offline. */
  async function keepCopy(sha: string, data: Uint8Array): Promise<void> {
    const target = pdfPath(sha);
    if (existsSync(target)) return;
    await mkdir(pdfDir, { recursive: true });
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, target);
  }

  function loadScript(id: string): ScriptRecord {
    const r = getScript(sqlite, id);
    if (!r) throw new AppError('NOT_FOUND', 'That script does not exist (it may have been deleted).');
    return r;
  }

  function diffOf(before: ScriptRecord, after: ScriptRecord): DraftDiff {
    return {
      before: summary(before),
      after: summary(after),
      comparison: compareDrafts(before.analysis, after.analysis),
    };
  }

  /** The latest other script with the same title: the earlier draft of this one. */
  function earlierDraft(record: ScriptRecord): ScriptRecord | null {
    const key = titleKey(record.title);
    if (!key) return null;
    const match = listScripts(sqlite).find((s) => s.id !== record.id && titleKey(s.title) === key);
    return match ? getScript(sqlite, match.id) : null;
  }

  async function readChosenFile(
    handle: string,
    signal: AbortSignal,
  ): Promise<{ data: Uint8Array; name: string }> {
    const f = files.resolve(handle);
    try {
      const st = await stat(f.path);
      if (!st.isFile()) throw new ScriptError('READ_FAILED', 'That is not a file.');
      if (st.size > DEFAULT_MAX_BYTES)
        throw new ScriptError(
          'TOO_LARGE',
          `This file is ${Math.round(st.size / 1048576)} MB; the limit is ${Math.round(DEFAULT_MAX_BYTES / 1048576)} MB.`,
        );
      return { data: await readFile(f.path, { signal }), name: f.name };
    } catch (e) {
      if (e instanceof ScriptError) throw e;
      if (signal.aborted) throw new ScriptError('CANCELLED');
      throw new ScriptError(
        'READ_FAILED',
        `The file could not be read (${e instanceof Error ? e.message : String(e)}).`,
      );
    }
  }

  return {
    'script.analyze': async ({ file, jobId, password, compareWith }) => {
      const started = performance.now();
      if (jobs.has(jobId)) throw new AppError('BUSY', 'That analysis is already running.');
      const abort = new AbortController();
      jobs.set(jobId, abort);
      try {
        const { data, name } = await readChosenFile(file, abort.signal);
        const sha = sha256Hex(data);
        let record = findScriptBySha(sqlite, sha);
        const reused = record !== null;
        if (!record) {
          const r = await analyzeScriptBytes(data, name, {
            signal: abort.signal,
            password,
            onProgress: (p) => events.emit('script.progress', { jobId, ...p }),
          });
          // The copy goes first: a stored analysis always has its PDF for the viewer.
          await keepCopy(sha, data);
          if (abort.signal.aborted) throw new ScriptError('CANCELLED');
          record = saveScriptAnalysis(sqlite, { sha256: sha, fileName: name, analysis: r.analysis });
        } else {
          await keepCopy(sha, data);
          const pages = record.pages;
          events.emit('script.progress', { jobId, phase: 'done', pagesDone: pages, pagesTotal: pages });
        }
        // A new draft is compared with the latest script of the same title; a reopened file only on request
        // (the latest same-titled script may be a later draft than it).
        const before = compareWith ? loadScript(compareWith) : reused ? null : earlierDraft(record);
        const diff = before && before.id !== record.id ? diffOf(before, record) : null;
        return { script: summary(record), reused, ms: performance.now() - started, diff };
      } finally {
        jobs.delete(jobId);
      }
    },
    'script.cancel': ({ jobId }) => {
      jobs.get(jobId)?.abort();
      return { ok: true };
    },
    'script.list': ({ projectId }) => {
      // The Scripts screen lists first: start the analysis workers now so the first drop is quick.
      prewarmScriptWorker();
      return listScripts(sqlite, projectId === undefined ? {} : { projectId });
    },
    'script.get': ({ id }) => {
      const r = loadScript(id);
      return { script: summary(r), analysis: r.analysis, notes: listScriptNotes(sqlite, id) };
    },
    'script.pdf': async ({ id }) => {
      const r = loadScript(id);
      let data: Buffer;
      try {
        data = await readFile(pdfPath(r.sha256));
      } catch {
        throw new AppError(
          'PDF_MISSING',
          'The stored copy of this PDF is missing. Open the file again to view it; the analysis and notes are kept.',
        );
      }
      // A copy that does not match its hash was changed on disk: refuse rather than show another script.
      if (sha256Hex(data) !== r.sha256)
        throw new AppError(
          'PDF_MISSING',
          'The stored copy of this PDF was changed on disk. Open the file again.',
        );
      return { base64: data.toString('base64'), bytes: data.byteLength };
    },
    'script.delete': async ({ id }) => {
      const r = loadScript(id);
      deleteScript(sqlite, id);
      await rm(pdfPath(r.sha256), { force: true });
      return { ok: true };
    },
    'script.notes.list': ({ scriptId }) => {
      loadScript(scriptId);
      return listScriptNotes(sqlite, scriptId);
    },
    'script.notes.add': ({ scriptId, target, body }) => addScriptNote(sqlite, scriptId, target, body),
    'script.notes.update': ({ id, body }) => {
      const n = updateScriptNote(sqlite, id, body);
      if (!n) throw new AppError('NOT_FOUND', 'That note does not exist.');
      return n;
    },
    'script.notes.delete': ({ id }) => {
      if (!deleteScriptNote(sqlite, id)) throw new AppError('NOT_FOUND', 'That note does not exist.');
      return { ok: true };
    },
    'script.makeRoles': ({ scriptId, projectId, newProjectName, characters }) => {
      const r = loadScript(scriptId);
      // Suggestions are checked before anything is written: an unknown name creates nothing.
      const planned = characters.map((choice: z.output<typeof makeRoleChoiceSchema>) => {
        const s = suggestRole(r.analysis, choice.name);
        const role = {
          name: s.name,
          description: choice.description === undefined ? s.description : choice.description,
          ageMin: choice.ageMin === undefined ? s.ageMin : choice.ageMin,
          ageMax: choice.ageMax === undefined ? s.ageMax : choice.ageMax,
          gender: choice.gender === undefined ? s.gender : choice.gender,
        };
        if (role.ageMin != null && role.ageMax != null && role.ageMin > role.ageMax)
          throw new AppError('VALIDATION', `${role.name}: age "from" must not be above "to".`);
        return role;
      });
      const result = sqlite.transaction(() => {
        const project = projectId
          ? getProject(db, projectId)
          : createProject(db, {
              name: newProjectName,
              description: `Roles from the script “${r.title}”.`,
            });
        const existing = new Set(listRoles(db, project.id).map((x) => x.name.toLowerCase()));
        const roles = [];
        const skipped: string[] = [];
        for (const p of planned) {
          if (existing.has(p.name.toLowerCase())) {
            skipped.push(p.name);
            continue;
          }
          existing.add(p.name.toLowerCase());
          roles.push(createRole(db, { projectId: project.id, ...p }));
        }
        if (r.projectId === null) setScriptProject(sqlite, r.id, project.id);
        return { project: getProject(db, project.id), roles, skipped };
      })();
      events.emit('casting.changed', {});
      return result;
    },
    'script.compare': ({ beforeId, afterId }) => diffOf(loadScript(beforeId), loadScript(afterId)),
    'script.export': async ({ id, kind, format }) => {
      const r = loadScript(id);
      const a = r.analysis;
      const base = `${slug(a.title)}-${kind}`;
      if (format === 'csv') {
        const text =
          kind === 'cast-list'
            ? toCsv(castListRows(a))
            : kind === 'cast-by-scene'
              ? toCsv(castBySceneRows(a))
              : `${toCsv(castListRows(a))}\r\n\r\n${toCsv(castBySceneRows(a))}`;
        // A BOM so Excel reads UTF-8 (Devanagari names) correctly.
        return {
          fileName: `${base}.csv`,
          mime: 'text/csv;charset=utf-8',
          base64: Buffer.from(`\uFEFF${text}`, 'utf8').toString('base64'),
        };
      }
      if (format === 'xlsx') {
        const bytes = await exportBreakdownXlsx(a);
        return {
          fileName: `${slug(a.title)}-breakdown.xlsx`,
          mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          base64: Buffer.from(bytes).toString('base64'),
        };
      }
      // A Unicode font (found on the machine: Noto, Lohit, Nirmala UI) only when a name needs one.
      const font = a.characters.some((c) => !isWinAnsi(c.name)) ? await findDevanagariFont() : null;
      const bytes = await exportBreakdownPdf(a, font ? { fontBytes: font } : {});
      return {
        fileName: `${slug(a.title)}-breakdown.pdf`,
        mime: 'application/pdf',
        base64: Buffer.from(bytes).toString('base64'),
      };
    },
  };
}
