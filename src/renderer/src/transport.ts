// The renderer's one way out: the Electron preload bridge when it is there, else the browser host's
// WebSocket (token from the page URL). Both speak the shared contract's Result envelope.
import { type Result, resultSchema, type Transport } from '../../shared/api.ts';

interface Bridge {
  invoke(method: string, input: unknown): Promise<unknown>;
  on(listener: (event: string, payload: unknown) => void): () => void;
  registerFile(file: File): Promise<unknown>;
}

declare global {
  interface Window {
    castmatch?: Bridge;
  }
}

function electronTransport(bridge: Bridge): Transport {
  return {
    kind: 'electron',
    invoke: async (method, input) => resultSchema.parse(await bridge.invoke(method, input)),
    on: (l) => bridge.on(l),
    registerFile: async (file) => {
      const r = resultSchema.parse(await bridge.registerFile(file));
      if (!r.ok) throw new Error(r.error.message);
      return String(r.value);
    },
    mediaUrl: (sha, variant) => `castmatch-media://${sha}/${variant}`,
  };
}

function browserTransport(): Transport {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const pending = new Map<number, (r: Result) => void>();
  let nextId = 1;
  let socket: Promise<WebSocket> | null = null;

  const connect = (): Promise<WebSocket> => {
    socket ??= new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://${location.host}/ws?token=${encodeURIComponent(token)}`);
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new Error('Could not reach the CastMatch host.'));
      ws.onclose = () => {
        socket = null;
        for (const [, done] of pending) done({ ok: false, error: { code: 'DISCONNECTED', message: 'Lost the connection to CastMatch.' } });
        pending.clear();
      };
      ws.onmessage = (m) => {
        const msg = JSON.parse(String(m.data)) as { id?: number; result?: unknown; event?: string; payload?: unknown };
        if (msg.event) for (const l of listeners) l(msg.event, msg.payload);
        else if (typeof msg.id === 'number') {
          pending.get(msg.id)?.(resultSchema.parse(msg.result));
          pending.delete(msg.id);
        }
      };
    });
    return socket;
  };

  return {
    kind: 'browser',
    invoke: async (method, input) => {
      const ws = await connect();
      const id = nextId++;
      return new Promise<Result>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, method, input }));
      });
    },
    on: (l) => {
      listeners.add(l);
      void connect();
      return () => listeners.delete(l);
    },
    registerFile: async (file) => {
      const res = await fetch(`/upload?token=${encodeURIComponent(token)}&name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        body: file,
      });
      const body = (await res.json()) as { handle?: string; message?: string };
      if (!res.ok || !body.handle) throw new Error(body.message ?? 'The file could not be uploaded.');
      return body.handle;
    },
    mediaUrl: (sha, variant) => `/media/${sha}/${variant}?token=${encodeURIComponent(token)}`,
  };
}

export const transport: Transport = window.castmatch ? electronTransport(window.castmatch) : browserTransport();
