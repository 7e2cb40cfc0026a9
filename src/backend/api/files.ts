import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors.ts';

export const newFileHandle = (): string => `fh_${randomBytes(18).toString('base64url')}`;

/**
 * Maps opaque handles to files the user chose (dropped, picked, or uploaded to the browser host). The
 * renderer only ever holds handles, so it cannot name an arbitrary path on disk.
 */
export class FileRegistry {
  private readonly byHandle = new Map<string, { path: string; name: string }>();

  /** `handle`: one the shell made (a backend in its own process learns of the file after the shell named it). */
  register(path: string, name: string, handle = newFileHandle()): string {
    this.byHandle.set(handle, { path, name });
    return handle;
  }

  resolve(handle: string): { path: string; name: string } {
    const f = this.byHandle.get(handle);
    if (!f) throw new AppError('UNKNOWN_FILE', 'That file is no longer available; drop or pick it again.');
    return f;
  }
}
