// The preload under a stand-in for electron: what reaches the page through contextBridge is three plain
// functions, never ipcRenderer or an IPC event, and each uses one fixed channel.
import { beforeAll, describe, expect, it, vi } from 'vitest';

type Handler = (event: unknown, ...args: unknown[]) => void;
const exposed = new Map<string, unknown>();
const listeners = new Map<string, Set<Handler>>();
const invoked: unknown[][] = [];

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve({ ok: true, value: null });
    },
    on: (channel: string, h: Handler) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(h);
    },
    off: (channel: string, h: Handler) => listeners.get(channel)?.delete(h),
  },
  webUtils: { getPathForFile: (f: { name: string }) => `/home/asha/Downloads/${f.name}` },
}));

beforeAll(async () => {
  await import('../../src/preload/index.ts');
});

describe('preload bridge', () => {
  it('exposes only invoke, on and registerFile, all plain functions', () => {
    expect([...exposed.keys()]).toEqual(['castmatch']);
    const api = exposed.get('castmatch') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on', 'registerFile']);
    for (const v of Object.values(api)) expect(typeof v).toBe('function');
  });

  it('sends calls on one fixed channel, whatever the page passes', async () => {
    const api = exposed.get('castmatch') as { invoke(m: string, i: unknown): Promise<unknown> };
    await api.invoke('talent.search', { text: 'priya' });
    expect(invoked.at(-1)).toEqual(['castmatch:invoke', 'talent.search', { text: 'priya' }]);
  });

  it('hands listeners the event name and payload, never the IPC event, and unsubscribes', () => {
    const api = exposed.get('castmatch') as { on(l: (...a: unknown[]) => void): () => void };
    const got: unknown[][] = [];
    const off = api.on((...args) => got.push(args));
    const ipcEvent = { sender: { send() {} }, ports: [] };
    for (const h of listeners.get('castmatch:event') ?? []) h(ipcEvent, 'talent.changed', { ids: ['t1'] });
    expect(got).toEqual([['talent.changed', { ids: ['t1'] }]]);
    off();
    expect(listeners.get('castmatch:event')?.size).toBe(0);
  });

  it('resolves a file path in the preload and sends it on the register channel', async () => {
    const api = exposed.get('castmatch') as { registerFile(f: unknown): Promise<unknown> };
    await api.registerFile({ name: 'headshots.csv' });
    expect(invoked.at(-1)).toEqual([
      'castmatch:register-file',
      '/home/asha/Downloads/headshots.csv',
      'headshots.csv',
      '',
    ]);
  });
});
