// On Linux without a keyring, safeStorage's `basic_text` backend "encrypts" with a fixed key: the secret is
// as good as plain text on disk. There the user is asked, when a key is first saved, whether to keep it for
// this session only (in memory, entered again after a restart) or on disk anyway. No electron import: the
// question is a function (a dialog in the app), so the behaviour is tested under Node.
import type { SecretStore } from '../backend/claude/secret-store.ts';

export type BasicTextChoice = 'session' | 'disk';

export function askBeforeStoringInsecurely(
  persistent: SecretStore,
  choice: () => Promise<BasicTextChoice>,
): SecretStore {
  if (!persistent.insecure) return persistent;
  // undefined: nothing held for the session, read the disk; null: cleared.
  let held: string | null | undefined;
  return {
    kind: persistent.kind,
    insecure: true,
    async get() {
      return held !== undefined ? held : persistent.get();
    },
    async set(value) {
      if (value === null) {
        held = null;
        await persistent.set(null);
        return;
      }
      if ((await choice()) === 'session') {
        held = value;
        await persistent.set(null); // no older copy left on disk either
      } else {
        held = undefined;
        await persistent.set(value);
      }
    },
  };
}
