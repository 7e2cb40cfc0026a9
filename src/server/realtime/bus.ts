// After each committed push the office's new sequence is published; every instance pokes its own sockets.
// Redis pub/sub spans instances; the in-process bus serves a single instance without Redis.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

export interface Poke {
  officeId: string;
  seq: number;
  /** Date.now() at publish, for the poke-latency metric. */
  at: number;
}

export interface Bus {
  readonly kind: 'redis' | 'in-process';
  publish(poke: Poke): Promise<void>;
  onPoke(handler: (poke: Poke) => void): void;
  /** Resolves if the bus is usable; rejects otherwise (for /health). */
  ping(): Promise<void>;
  /** The Redis connection for commands (rate limits), if any. */
  readonly redis: Redis | undefined;
  close(): Promise<void>;
}

export function createInProcessBus(): Bus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    kind: 'in-process',
    redis: undefined,
    async publish(poke) {
      // Asynchronous like Redis, so a handler never runs inside the publisher's call stack.
      queueMicrotask(() => emitter.emit('poke', poke));
    },
    onPoke(handler) {
      emitter.on('poke', handler);
    },
    async ping() {},
    async close() {
      emitter.removeAllListeners();
    },
  };
}

function parsePoke(message: string): (Poke & { origin: string }) | undefined {
  try {
    const v: unknown = JSON.parse(message);
    if (typeof v !== 'object' || v === null) return undefined;
    const { officeId, seq, at, origin } = v as Record<string, unknown>;
    if (typeof officeId !== 'string' || typeof seq !== 'number' || typeof at !== 'number') return undefined;
    if (typeof origin !== 'string') return undefined;
    return { officeId, seq, at, origin };
  } catch {
    return undefined;
  }
}

export async function createRedisBus(
  url: string,
  prefix: string,
  onError: (err: Error) => void,
): Promise<Bus> {
  const channel = `${prefix}poke`;
  const options = { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: true } as const;
  const commands = new Redis(url, options);
  const subscriber = new Redis(url, { ...options, maxRetriesPerRequest: null });
  commands.on('error', onError);
  subscriber.on('error', onError);
  await Promise.all([commands.connect(), subscriber.connect()]);
  const handlers: ((poke: Poke) => void)[] = [];
  // Like Socket.IO's Redis adapter: this instance's own sockets are poked at once, the others through Redis;
  // the echo of our own message is recognised by its origin and skipped.
  const origin = randomUUID();
  const deliver = (poke: Poke) => {
    for (const h of handlers) h(poke);
  };
  subscriber.on('message', (ch: string, message: string) => {
    if (ch !== channel) return;
    const poke = parsePoke(message);
    if (poke && poke.origin !== origin) deliver({ officeId: poke.officeId, seq: poke.seq, at: poke.at });
  });
  await subscriber.subscribe(channel);
  return {
    kind: 'redis',
    redis: commands,
    async publish(poke) {
      queueMicrotask(() => deliver(poke));
      await commands.publish(channel, JSON.stringify({ ...poke, origin }));
    },
    onPoke(handler) {
      handlers.push(handler);
    },
    async ping() {
      const r = await commands.ping();
      if (r !== 'PONG') throw new Error(`Redis answered ${r}`);
    },
    async close() {
      handlers.length = 0;
      await Promise.allSettled([subscriber.quit(), commands.quit()]);
      subscriber.disconnect();
      commands.disconnect();
    },
  };
}
