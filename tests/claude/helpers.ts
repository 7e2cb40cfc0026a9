import { createChatEngine, type SendOptions } from '../../src/backend/claude/engine.ts';
import { memorySecretStore, type SecretStore } from '../../src/backend/claude/secret-store.ts';
import type { ToolContext } from '../../src/backend/claude/tool-context.ts';
import { type AppDatabase, openDatabase } from '../../src/backend/store/db.ts';
import type { ChatEvent } from '../../src/shared/chat.ts';
import { FAKE_API_KEY, type FakeAnthropic, startFakeAnthropic } from '../support/fake-anthropic.ts';

export type Harness = {
  db: AppDatabase;
  fake: FakeAnthropic;
  secrets: SecretStore;
  engine: ReturnType<typeof createChatEngine>;
  close: () => Promise<void>;
};

export async function harness(
  opts: {
    apiKey?: string | null;
    baseURL?: string;
    toolContext?: (cid: string) => ToolContext;
    idleTimeoutMs?: number;
  } = {},
): Promise<Harness> {
  const db = await openDatabase(':memory:');
  const fake = await startFakeAnthropic();
  const secrets = memorySecretStore(opts.apiKey === undefined ? FAKE_API_KEY : opts.apiKey);
  const engine = createChatEngine({
    db,
    secrets,
    baseURL: opts.baseURL ?? fake.url,
    toolContext: opts.toolContext,
    retryPolicy: { baseDelayMs: 20, maxDelayMs: 50 },
    idleTimeoutMs: opts.idleTimeoutMs,
  });
  return {
    db,
    fake,
    secrets,
    engine,
    close: async () => {
      await fake.close();
      db.close();
    },
  };
}

/** Collects events; pass `opts()` to a send. */
export function recorder(extra: Partial<SendOptions> = {}) {
  const events: ChatEvent[] = [];
  return {
    events,
    opts: (): SendOptions => ({ ...extra, onEvent: (e) => events.push(e) }),
    types: () => events.map((e) => e.type),
    text: () => events.flatMap((e) => (e.type === 'text' ? [e.delta] : [])).join(''),
    of: <T extends ChatEvent['type']>(t: T) =>
      events.filter((e): e is Extract<ChatEvent, { type: T }> => e.type === t),
  };
}

export function systemText(body: Record<string, unknown> | null): string {
  const sys = body?.system;
  if (typeof sys === 'string') return sys;
  return Array.isArray(sys) ? (sys as Array<{ text?: string }>).map((b) => b.text ?? '').join('\n') : '';
}
