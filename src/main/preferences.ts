// The shell's own small settings, in userData/preferences.json beside window-state.json: whether to check for
// updates at start (the opt-out) and, on Linux without a keyring, where the Claude key may be kept. A missing,
// unreadable or hand-broken file gives the defaults; unknown or wrong-typed fields are dropped.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BasicTextChoice } from './session-secrets.ts';

export interface Preferences {
  checkForUpdates: boolean;
  /** Asked once, when a key is first saved on a `basic_text` system; undefined until then. */
  insecureSecrets?: BasicTextChoice;
}

export const DEFAULT_PREFERENCES: Preferences = { checkForUpdates: true };

const file = (dir: string) => join(dir, 'preferences.json');

export function readPreferences(dir: string): Preferences {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file(dir), 'utf8'));
  } catch {
    return { ...DEFAULT_PREFERENCES };
  }
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const p: Preferences = {
    checkForUpdates: typeof o.checkForUpdates === 'boolean' ? o.checkForUpdates : true,
  };
  if (o.insecureSecrets === 'session' || o.insecureSecrets === 'disk') p.insecureSecrets = o.insecureSecrets;
  return p;
}

/** Writes the merged preferences through a temporary file, so a crash never leaves half a file. */
export function writePreferences(dir: string, patch: Partial<Preferences>): Preferences {
  const next = { ...readPreferences(dir), ...patch };
  const tmp = `${file(dir)}.tmp`;
  writeFileSync(tmp, JSON.stringify(next, null, 2));
  renameSync(tmp, file(dir));
  return next;
}
