// Uploads to the browser host: one file per HTTP POST, streamed to disk (never held in memory, never sent
// as a WebSocket message). A body over the limit answers 413; a body that breaks off (the tab closed, the
// network dropped) leaves nothing behind: the partial file is removed before the request is forgotten.

import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { dirname, join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileRegistry } from '../api/files.ts';

export type UploadOutcome =
  | { status: 200; body: { handle: string; root: string } }
  | { status: 400 | 413; body: { code: string; message: string } }
  /** The client went away mid-body: there is nobody to answer. */
  | { status: 'aborted'; error: unknown };

class TooLarge extends Error {}

/** Counts the bytes going through and fails the stream past `limit`, so a lying Content-Length cannot help. */
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) done(new TooLarge());
      else done(null, chunk);
    },
  });
}

const safeSegment = (seg: string) =>
  seg
    .replace(/[^\p{L}\p{N}._ -]/gu, '_')
    .replace(/^\.+/, '')
    .slice(0, 200) || '_';

export interface Uploads {
  receive(req: IncomingMessage, url: URL): Promise<UploadOutcome>;
}

export function uploads(opts: {
  dir: string;
  files: Pick<FileRegistry, 'register'>;
  maxBytes: number;
}): Uploads {
  // The handle of a dropped folder's top folder, per batch, so every file of the drop reports the same root.
  const batchRoots = new Map<string, string>();
  const tooLarge = { code: 'TOO_LARGE', message: 'The file is too large.' };

  /**
   * One uploaded file. With `batch` and a relative `path` ("Agency X/Priya Sharma/1.jpg") the folder tree
   * of a dropped folder is rebuilt under uploads/<batch>/, and the handle of its top folder is returned too,
   * so folder names still mean something to the importer. Every segment is sanitised: no path escapes.
   */
  async function receive(req: IncomingMessage, url: URL): Promise<UploadOutcome> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > opts.maxBytes) return { status: 413, body: tooLarge };
    const batch = url.searchParams.get('batch');
    if (batch !== null && !/^[A-Za-z0-9_-]{8,64}$/.test(batch))
      return { status: 400, body: { code: 'BAD_BATCH', message: 'The upload batch name is not valid.' } };
    const rel = (url.searchParams.get('path') ?? url.searchParams.get('name') ?? 'upload')
      .split(/[/\\]+/)
      .filter((x) => x && x !== '.' && x !== '..')
      .slice(-12)
      .map(safeSegment);
    if (rel.length === 0) rel.push('upload');
    const base = join(opts.dir, batch ?? randomBytes(8).toString('hex'));
    const path = join(base, ...(batch ? rel : [rel.at(-1)!]));
    await mkdir(dirname(path), { recursive: true });
    try {
      await pipeline(req, byteLimit(opts.maxBytes), createWriteStream(path));
    } catch (e) {
      // Nothing half-written stays: a single upload's own folder goes with it, a batch keeps its folders.
      await rm(batch ? path : base, { recursive: true, force: true });
      if (e instanceof TooLarge) return { status: 413, body: tooLarge };
      return { status: 'aborted', error: e };
    }
    const handle = opts.files.register(path, rel.at(-1)!);
    let root = handle;
    if (batch && rel.length > 1) {
      const key = `${batch}/${rel[0]}`;
      root = batchRoots.get(key) ?? opts.files.register(join(base, rel[0]!), rel[0]!);
      batchRoots.set(key, root);
    }
    return { status: 200, body: { handle, root } };
  }

  return { receive };
}
