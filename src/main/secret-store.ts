// The Anthropic API key, encrypted with the OS keychain through Electron's safeStorage. On Linux without a
// keyring safeStorage falls back to a plain-text "basic_text" backend: we say so (insecure) and, when a key
// is saved, offer to keep it for this session only (session-secrets.ts). If the keyring changed and the key
// no longer decrypts, we forget it and ask the user to enter it again.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { dialog, safeStorage } from 'electron';
import type { SecretStore } from '../backend/claude/secret-store.ts';
import { readPreferences, writePreferences } from './preferences.ts';
import { askBeforeStoringInsecurely, type BasicTextChoice } from './session-secrets.ts';

/** What a store holds: its file, and how the keyring question names it. */
export interface SecretKind {
  file: string;
  /** "your Claude API key", "your sign-in to the office" */
  label: string;
}
export const CLAUDE_KEY: SecretKind = { file: 'anthropic-api-key.enc', label: 'your Claude API key' };
/** The sync server's rotating refresh token (the backend's second secret, `sync`). */
export const SYNC_SIGN_IN: SecretKind = {
  file: 'sync-refresh-token.enc',
  label: 'your sign-in to the office',
};

/** A secret store of the app: safeStorage, and the session-only offer where safeStorage cannot protect it. */
export function appSecretStore(dir: string, kind: SecretKind = CLAUDE_KEY): SecretStore {
  return askBeforeStoringInsecurely(
    safeStorageSecretStore(dir, kind.file),
    async (): Promise<BasicTextChoice> => {
      const saved = readPreferences(dir).insecureSecrets;
      if (saved) return saved;
      const { response, checkboxChecked } = await dialog.showMessageBox({
        type: 'warning',
        title: 'No keyring to protect your secrets',
        message: `This computer has no system keyring, so CastMatch cannot encrypt ${kind.label}.`,
        detail:
          'Saved on this computer, anyone who can read your files can read it. Kept for this session only, ' +
          'you enter it again each time CastMatch starts. (Installing and unlocking a keyring such as GNOME ' +
          'Keyring or KWallet removes this question.)',
        buttons: ['Keep for This Session Only', 'Save on This Computer'],
        defaultId: 0,
        cancelId: 0,
        checkboxLabel: 'Remember my choice',
        checkboxChecked: true,
      });
      const choice: BasicTextChoice = response === 1 ? 'disk' : 'session';
      if (checkboxChecked) writePreferences(dir, { insecureSecrets: choice });
      return choice;
    },
  );
}

export function safeStorageSecretStore(dir: string, file = CLAUDE_KEY.file): SecretStore {
  const path = join(dir, file);
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
