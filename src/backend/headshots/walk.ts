import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { FailedItem } from '../../shared/headshots.ts';
import { fsFailure } from './process.ts';

/** One file to import, found in the drop. */
export interface WalkFile {
  /** The path as dropped / joined (what the user recognises). */
  path: string;
  /** Resolved path: what is read, and the identity used to process each file once. */
  realPath: string;
  /** Folder names from the dropped folder (inclusive) down to the file's parent; [] for a file dropped alone. */
  folders: string[];
}

export interface WalkResult {
  files: WalkFile[];
  failed: FailedItem[];
  /** The same file reached twice (dropped twice, or via its folder and itself, or via two symlinks). */
  sameFile: { path: string; firstPath: string }[];
  /** System files skipped inside folders. */
  ignored: string[];
}

/** Finder/Explorer litter inside dropped folders; skipped (and counted), never reported as bad images. */
function isSystemFile(name: string): boolean {
  return name.startsWith('.') || /^(thumbs\.db|desktop\.ini|icon\r)$/i.test(name);
}

const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Expands dropped paths into files: folders recursively (sorted by name, numbers naturally), symlinks
 * followed with loop detection on real paths, unreadable entries reported, each real file once.
 */
export async function walkDropped(paths: readonly string[], signal?: AbortSignal): Promise<WalkResult> {
  const out: WalkResult = { files: [], failed: [], sameFile: [], ignored: [] };
  const firstPathOf = new Map<string, string>(); // realPath → first path
  const visitedDirs = new Set<string>();

  const fail = (path: string, e: unknown) => {
    const r = fsFailure(e, path);
    if (!r.ok) out.failed.push({ path, fileName: basename(path), code: r.code, message: r.message });
  };

  const addFile = (path: string, real: string, folders: string[]) => {
    const first = firstPathOf.get(real);
    if (first !== undefined) {
      out.sameFile.push({ path, firstPath: first });
      return;
    }
    firstPathOf.set(real, path);
    out.files.push({ path, realPath: real, folders });
  };

  /** `ancestors`: real paths of the folders above, to tell a loop from a folder merely reached twice. */
  const visit = async (path: string, folders: string[], ancestors: readonly string[]) => {
    signal?.throwIfAborted();
    let real: string;
    let isDir: boolean;
    try {
      const l = await lstat(path);
      const st = l.isSymbolicLink() ? await stat(path) : l; // ELOOP for a self-referencing link chain
      real = await realpath(path);
      isDir = st.isDirectory();
    } catch (e) {
      fail(path, e);
      return;
    }
    if (!isDir) {
      addFile(path, real, folders);
      return;
    }
    if (ancestors.includes(real)) {
      out.failed.push({
        path,
        fileName: basename(path),
        code: 'SYMLINK_LOOP',
        message: `"${basename(path)}" links back to a folder that contains it; it was skipped to avoid an endless loop.`,
      });
      return;
    }
    if (visitedDirs.has(real)) return; // same folder via another route: its files are already listed
    visitedDirs.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (e) {
      fail(path, e);
      return;
    }
    entries.sort((a, b) => byName.compare(a.name, b.name));
    const here = [...folders, basename(path)];
    for (const ent of entries) {
      const child = join(path, ent.name);
      if (isSystemFile(ent.name)) {
        out.ignored.push(child);
        continue;
      }
      await visit(child, here, [...ancestors, real]);
    }
  };

  for (const p of paths) await visit(p, [], []);
  return out;
}
