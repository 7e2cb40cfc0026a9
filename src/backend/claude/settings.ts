// Settings → Claude: the chat settings kept in the `setting` table (defaults filled in; an unreadable value
// falls back to them), the view the renderer gets (never the key), the key in the shell's secret store, and one
// Anthropic client per key and base URL.
import type Anthropic from '@anthropic-ai/sdk';
import {
  type ChatSettings,
  type ChatSettingsView,
  chatSettingsPatchSchema,
  chatSettingsSchema,
  setApiKeyInput,
  type TestConnectionResult,
} from '../../shared/chat-settings.ts';
import type { AppDatabase } from '../store/db.ts';
import { createAnthropic, testConnection } from './client.ts';
import { ChatError } from './errors.ts';
import { DEFAULT_MODEL, knownModels } from './models.ts';
import { parseInput } from './parse-input.ts';
import type { SecretStore } from './secret-store.ts';

const SETTINGS_KEY = 'claude.settings';

export type ChatSettingsDeps = {
  db: AppDatabase;
  secrets: SecretStore;
  /** Tests and the benchmark point this at the fake server. */
  baseURL?: string;
  now: () => number;
};

export function chatSettings(deps: ChatSettingsDeps) {
  const { db, now } = deps;
  let clientCache: { key: string; client: Anthropic } | null = null;

  function read(): ChatSettings {
    const row = db.sqlite.prepare('SELECT value FROM setting WHERE key = ?').get(SETTINGS_KEY) as
      | { value: string }
      | undefined;
    let stored: unknown = {};
    try {
      stored = row ? (JSON.parse(row.value) as unknown) : {};
    } catch {
      stored = {};
    }
    const r = chatSettingsSchema.safeParse({ model: DEFAULT_MODEL, ...(stored as object) });
    return r.success ? r.data : chatSettingsSchema.parse({ model: DEFAULT_MODEL });
  }

  async function view(): Promise<ChatSettingsView> {
    const key = await deps.secrets.get();
    return {
      ...read(),
      hasApiKey: Boolean(key),
      keyStorage: deps.secrets.kind,
      keyStorageInsecure: deps.secrets.insecure === true,
      knownModels: knownModels(),
    };
  }

  async function client(): Promise<Anthropic> {
    const apiKey = await deps.secrets.get();
    if (!apiKey)
      throw new ChatError('NO_API_KEY', 'No Anthropic API key is set. Add one in Settings → Claude.');
    const k = `${apiKey}\u0000${deps.baseURL ?? ''}`;
    if (clientCache?.key !== k)
      clientCache = { key: k, client: createAnthropic({ apiKey, baseURL: deps.baseURL }) };
    return clientCache.client;
  }

  return {
    read,
    view,
    /** For other Claude features (breakdowns) too: the client on the saved key. */
    client,
    async update(patch: unknown): Promise<ChatSettingsView> {
      const p = parseInput(chatSettingsPatchSchema, patch);
      const merged = parseInput(chatSettingsSchema, { ...read(), ...p });
      db.sqlite
        .prepare(
          'INSERT INTO setting (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
        )
        .run(SETTINGS_KEY, JSON.stringify(merged), now());
      return view();
    },
    async setApiKey(input: { apiKey: string | null }): Promise<ChatSettingsView> {
      const i = parseInput(setApiKeyInput, input);
      await deps.secrets.set(i.apiKey || null);
      clientCache = null;
      return view();
    },
    async testConnection(input: { model?: string } = {}): Promise<TestConnectionResult> {
      const apiKey = await deps.secrets.get();
      return testConnection(apiKey ? { apiKey, baseURL: deps.baseURL } : null, input.model ?? read().model);
    },
  };
}
