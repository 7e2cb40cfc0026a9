// The browser host's key store: a file readable only by the user (0600) in the data folder. It is not
// encrypted, so the store says so (insecure) and Settings shows a warning.
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import type { SecretStore } from './secret-store.ts';

export const API_KEY_FILE = 'anthropic-api-key';

export function fileSecretStore(dataDir: string, fileName = API_KEY_FILE): SecretStore & { path: string } {
  const path = join(dataDir, fileName);
  let cache: string | null | undefined;
  return {
    kind: 'file',
    insecure: true,
    path,
    async get() {
      if (cache !== undefined) return cache;
      try {
        const v = (await readFile(path, 'utf8')).trim();
        cache = v || null;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
          throw new AppError(
            'SECRET_READ_FAILED',
            `Could not read the API key file: ${(e as Error).message}`,
          );
        }
        cache = null;
      }
      return cache;
    },
    async set(value) {
      const v = value?.trim() || null;
      if (v === null) {
        await rm(path, { force: true });
      } else {
        await mkdir(dirname(path), { recursive: true });
        // Write with 0600 from the start, and chmod in case the file already existed with wider rights.
        await writeFile(path, `${v}\n`, { mode: 0o600 });
        await chmod(path, 0o600);
      }
      cache = v;
    },
  };
}
