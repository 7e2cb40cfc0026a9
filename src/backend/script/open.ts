import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ScriptRecord } from '../../shared/script.ts';
import { ScriptError } from './errors.ts';
import { type AnalyzeScriptOptions, analyzeScriptBytes, DEFAULT_MAX_BYTES, sha256Hex } from './index.ts';
import { findScriptBySha, saveScriptAnalysis } from './store.ts';

/**
 * Opens a script for the app: a file seen before (same SHA-256) comes straight from SQLite; a new one is
 * analysed in the worker and saved. On any failure nothing is stored.
 */
export async function openScriptFile(
  db: Database,
  path: string,
  opts: AnalyzeScriptOptions & { projectId?: string | null } = {},
): Promise<{ record: ScriptRecord; cached: boolean }> {
  let data: Uint8Array;
  try {
    const st = await stat(path);
    const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    if (st.size > max) throw new ScriptError('TOO_LARGE');
    data = await readFile(path, { signal: opts.signal });
  } catch (e) {
    if (e instanceof ScriptError) throw e;
    if (opts.signal?.aborted) throw new ScriptError('CANCELLED');
    throw new ScriptError(
      'READ_FAILED',
      `The file could not be read (${e instanceof Error ? e.message : String(e)}).`,
    );
  }
  const sha = sha256Hex(data);
  const cached = findScriptBySha(db, sha);
  if (cached) return { record: cached, cached: true };
  const r = await analyzeScriptBytes(data, basename(path), opts);
  const record = saveScriptAnalysis(db, {
    sha256: r.sha256,
    fileName: r.fileName,
    analysis: r.analysis,
    projectId: opts.projectId,
  });
  return { record, cached: false };
}
