// The Anthropic API key, encrypted with the OS keychain through Electron's safeStorage. On Linux without a
// keyring safeStorage falls back to a plain-text "basic_text" backend: we say so (insecure), and if the
// keyring changed and the key no longer decrypts, we forget it and ask the user to enter it again.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { safeStorage } from 'electron';
import type { SecretStore } from '../backend/claude/secret-store.ts';

export function safeStorageSecretStore(dir: string): SecretStore {
  const path = join(dir, 'anthropic-api-key.enc');
  const linuxBackend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
  return {
    kind: linuxBackend ? `safeStorage (${linuxBackend})` : 'safeStorage',
    insecure: !safeStorage.isEncryptionAvailable() || linuxBackend === 'basic_text',
    async get() {
      try {
        return safeStorage.decryptString(await readFile(path));
      } catch {
        return null; // no key yet, or the keyring changed: the user signs in again
      }
    },
    async set(value) {
      if (!value) {
        await rm(path, { force: true });
        return;
      }
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, safeStorage.encryptString(value), { mode: 0o600 });
    },
  };
}
