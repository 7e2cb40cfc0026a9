// The shell's preferences file (update opt-out, the basic_text choice) and session-only secrets.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memorySecretStore, type SecretStore } from '../../src/backend/claude/secret-store.ts';
import { readPreferences, writePreferences } from '../../src/main/preferences.ts';
import { askBeforeStoringInsecurely, type BasicTextChoice } from '../../src/main/session-secrets.ts';
import { tempDir } from '../support/db.ts';

describe('preferences.json', () => {
  it('defaults to checking for updates, and keeps an opt-out', () => {
    const dir = tempDir();
    expect(readPreferences(dir)).toEqual({ checkForUpdates: true });
    writePreferences(dir, { checkForUpdates: false });
    expect(readPreferences(dir)).toEqual({ checkForUpdates: false });
    writePreferences(dir, { insecureSecrets: 'session' });
    expect(readPreferences(dir)).toEqual({ checkForUpdates: false, insecureSecrets: 'session' });
    expect(JSON.parse(readFileSync(join(dir, 'preferences.json'), 'utf8')).checkForUpdates).toBe(false);
  });

  it('reads a broken or hand-edited file as the defaults, field by field', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'preferences.json'), '{"checkForUpdates": tru');
    expect(readPreferences(dir)).toEqual({ checkForUpdates: true });
    writeFileSync(
      join(dir, 'preferences.json'),
      '{"checkForUpdates": "no", "insecureSecrets": "cloud", "x": 1}',
    );
    expect(readPreferences(dir)).toEqual({ checkForUpdates: true });
    writeFileSync(join(dir, 'preferences.json'), 'null');
    expect(readPreferences(dir)).toEqual({ checkForUpdates: true });
  });
});

function diskStore(insecure: boolean): SecretStore & { disk: () => string | null } {
  const inner = memorySecretStore();
  let disk: string | null = null;
  return {
    kind: 'safeStorage (basic_text)',
    insecure,
    get: async () => disk,
    set: async (v) => {
      disk = v;
      await inner.set(v);
    },
    disk: () => disk,
  };
}

describe('secrets on a system without a keyring (basic_text)', () => {
  it('keeps the key in memory only when the user chooses this session only', async () => {
    const disk = diskStore(true);
    let asked = 0;
    const store = askBeforeStoringInsecurely(disk, async () => {
      asked++;
      return 'session';
    });
    await disk.set('sk-old-on-disk');
    await store.set('sk-ant-session');
    expect(await store.get()).toBe('sk-ant-session');
    expect(disk.disk()).toBeNull(); // and the older copy on disk is gone
    expect(asked).toBe(1);
    await store.set(null);
    expect(await store.get()).toBeNull();
  });

  it('writes it to disk when the user accepts the risk', async () => {
    const disk = diskStore(true);
    let answer: BasicTextChoice = 'disk';
    const store = askBeforeStoringInsecurely(disk, async () => answer);
    await store.set('sk-ant-disk');
    expect(disk.disk()).toBe('sk-ant-disk');
    expect(await store.get()).toBe('sk-ant-disk');
    answer = 'session';
    await store.set('sk-ant-2');
    expect(disk.disk()).toBeNull();
    expect(await store.get()).toBe('sk-ant-2');
  });

  it('asks nothing where the key is really encrypted', async () => {
    const disk = diskStore(false);
    const store = askBeforeStoringInsecurely(disk, async () => {
      throw new Error('asked');
    });
    expect(store).toBe(disk);
  });
});
