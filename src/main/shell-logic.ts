// The shell's decisions that need no Electron, kept here so tests/shell checks them under Node: where a file
// opened from the file manager goes, which arguments of a second launch are files, what a finished job says
// in a notification, and the About box's text.
import { extname, isAbsolute, resolve } from 'node:path';

export type OpenedFileKind = 'script' | 'import';

/** A script PDF opens in Scripts; a spreadsheet in the import dialog; anything else is not ours. */
export function openedFileKind(path: string): OpenedFileKind | null {
  const ext = extname(path).toLowerCase();
  if (ext === '.pdf') return 'script';
  if (ext === '.csv' || ext === '.xlsx' || ext === '.xls') return 'import';
  return null;
}

/**
 * The files a launch was asked to open: arguments after the executable (and, unpackaged, the app folder) that
 * are not switches and have a type we open, made absolute against the launch's working directory.
 */
export function filesFromArgv(
  argv: readonly string[],
  cwd: string,
  opts: { packaged: boolean; exists: (path: string) => boolean },
): string[] {
  const args = argv.slice(opts.packaged ? 1 : 2);
  const out: string[] = [];
  for (const a of args) {
    if (!a || a.startsWith('-')) continue; // Chromium and Electron switches, --inspect, …
    const path = isAbsolute(a) ? a : resolve(cwd, a);
    if (openedFileKind(path) && opts.exists(path) && !out.includes(path)) out.push(path);
  }
  return out;
}

export interface Notice {
  title: string;
  body: string;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-IN')} ${word}${n === 1 ? '' : 's'}`;

/** A notification for a long job that just finished, or null for every other event. */
export function jobFinishedNotice(event: string, payload: unknown): Notice | null {
  const p = (payload ?? {}) as Record<string, unknown>;
  if (p.phase !== 'done') return null;
  const n = (k: string) => (typeof p[k] === 'number' ? (p[k] as number) : 0);
  if (event === 'import.progress')
    return { title: 'Import finished', body: `${plural(n('total'), 'row')} read from the spreadsheet.` };
  if (event === 'headshots.progress') {
    const extra = [
      n('review') ? `${n('review')} to review` : '',
      n('failed') ? `${n('failed')} failed` : '',
    ].filter(Boolean);
    return {
      title: 'Headshots imported',
      body: `${plural(n('imported'), 'photo')} added${extra.length ? ` (${extra.join(', ')})` : ''}.`,
    };
  }
  if (event === 'script.progress')
    return {
      title: 'Script analysed',
      body: `${plural(n('pagesTotal'), 'page')} read. The breakdown is ready.`,
    };
  return null;
}

export interface Versions {
  app: string;
  electron?: string | undefined;
  chrome?: string | undefined;
  node?: string | undefined;
  v8?: string | undefined;
}

/** The About box's detail: every version a support request needs, one per line. */
export function aboutDetail(v: Versions, platform = `${process.platform} ${process.arch}`): string {
  return [
    `Version ${v.app}`,
    `Electron ${v.electron ?? '—'}`,
    `Chrome ${v.chrome ?? '—'}`,
    `Node ${v.node ?? '—'}`,
    ...(v.v8 ? [`V8 ${v.v8}`] : []),
    `Platform ${platform}`,
  ].join('\n');
}
