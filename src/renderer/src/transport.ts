// The renderer's one way out: the Electron preload bridge when it is there, else the browser host's
// WebSocket (token from the page URL). Both speak the shared contract's Result envelope.
import { type Result, resultSchema } from '../../shared/api.ts';

/** What the renderer holds: the same in Electron (preload) and in the browser host (WebSocket). */
export interface Transport {
  readonly kind: 'electron' | 'browser';
  invoke(method: string, input: unknown): Promise<Result>;
  on(listener: (event: string, payload: unknown) => void): () => void;
  /** Registers a file the user dropped or picked and returns its handle. */
  registerFile(file: File): Promise<string>;
  /**
   * Registers what was dropped (files and whole folders) and returns one handle per top-level entry, so a
   * folder keeps its name and sub-folders (headshot matching reads them).
   */
  registerDrop(items: DataTransfer): Promise<string[]>;
  /**
   * Registers picked files as one batch: a multi-file pick, or a folder pick whose files carry
   * `webkitRelativePath` (the browser host rebuilds the folder tree). One handle per top-level file or folder.
   */
  registerFiles(files: FileList | readonly File[]): Promise<string[]>;
  /** URL of a stored image (headshot) by content hash and size. */
  mediaUrl(sha256: string, variant: '320' | '1280' | 'original'): string;
}

interface Bridge {
  invoke(method: string, input: unknown): Promise<unknown>;
  on(listener: (event: string, payload: unknown) => void): () => void;
  /** `folder`: the folder a folder-picked file came from. */
  registerFile(file: File, as?: 'file' | 'folder'): Promise<unknown>;
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
    registerDrop: async (dt) => {
      // A dropped folder arrives as a File whose path is the folder: main walks it.
      const files = [...dt.files];
      const handles: string[] = [];
      for (const f of files) {
        const r = resultSchema.parse(await bridge.registerFile(f));
        if (!r.ok) throw new Error(r.error.message);
        handles.push(String(r.value));
      }
      return handles;
    },
    registerFiles: async (files) => {
      // Picked files carry their real paths in Electron. A folder pick registers the folder itself (once,
      // from any one of its files), so that its name and sub-folders name the people, as in a drop.
      const handles: string[] = [];
      const folders = new Set<string>();
      for (const f of [...files]) {
        const folder = f.webkitRelativePath.includes('/') ? f.webkitRelativePath.split('/')[0]! : null;
        if (folder !== null && folders.has(folder)) continue;
        if (folder !== null) folders.add(folder);
        const r = resultSchema.parse(await bridge.registerFile(f, folder === null ? 'file' : 'folder'));
        if (!r.ok) throw new Error(r.error.message);
        handles.push(String(r.value));
      }
      return handles;
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
        for (const [, done] of pending)
          done({ ok: false, error: { code: 'DISCONNECTED', message: 'Lost the connection to CastMatch.' } });
        pending.clear();
      };
      ws.onmessage = (m) => {
        const msg = JSON.parse(String(m.data)) as {
          id?: number;
          result?: unknown;
          event?: string;
          payload?: unknown;
        };
        if (msg.event) for (const l of listeners) l(msg.event, msg.payload);
        else if (typeof msg.id === 'number') {
          pending.get(msg.id)?.(resultSchema.parse(msg.result));
          pending.delete(msg.id);
        }
      };
    });
    return socket;
  };

  /** Uploads into one batch folder on the host; `roots` are the handles of the top-level files and folders. */
  const uploader = () => {
    const batch = `drop_${crypto.randomUUID().replace(/-/g, '')}`;
    const roots: string[] = [];
    const add = async (file: File, path: string) => {
      // Finder/Explorer litter (.DS_Store, Thumbs.db…) is never a headshot; the host would strip the leading
      // dot of ".DS_Store" and the importer could no longer tell it is one, so it is not sent at all.
      const name = path.split('/').at(-1) ?? file.name;
      if (name.startsWith('.') || /^(thumbs\.db|desktop\.ini)$/i.test(name)) return null;
      const res = await fetch(
        `/upload?token=${encodeURIComponent(token)}&batch=${batch}&path=${encodeURIComponent(path)}`,
        { method: 'POST', body: file },
      );
      const body = (await res.json().catch(() => ({}))) as { root?: string; message?: string };
      if (!res.ok || !body.root) throw new Error(body.message ?? `${file.name} could not be uploaded.`);
      if (!roots.includes(body.root)) roots.push(body.root);
      return body.root;
    };
    return { roots, add };
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
      const res = await fetch(
        `/upload?token=${encodeURIComponent(token)}&name=${encodeURIComponent(file.name)}`,
        {
          method: 'POST',
          body: file,
        },
      );
      const body = (await res.json()) as { handle?: string; message?: string };
      if (!res.ok || !body.handle) throw new Error(body.message ?? 'The file could not be uploaded.');
      return body.handle;
    },
    registerDrop: async (dt) => {
      // Entries and files must be taken from the DataTransfer before the first await: it is emptied after the event.
      const dropped = [...dt.items]
        .filter((i) => i.kind === 'file')
        .map((i) => ({ entry: i.webkitGetAsEntry(), file: i.getAsFile() }));
      const upload = uploader();
      for (const d of dropped) {
        if (d.entry) await walkEntry(d.entry, d.entry.name, upload.add);
        // A DataTransfer built by script (not by the OS) has no file-system entries: its files go as they are.
        else if (d.file) await upload.add(d.file, d.file.name);
      }
      return upload.roots;
    },
    registerFiles: async (list) => {
      const files = [...list];
      const upload = uploader();
      // A few uploads at a time (a folder of hundreds of headshots should not go one by one), but the
      // handles keep the picked order: it is the import's order, and the first image becomes primary.
      const rootOf: (string | null)[] = [];
      let next = 0;
      const lane = async () => {
        while (next < files.length) {
          const i = next++;
          const f = files[i]!;
          rootOf[i] = await upload.add(f, f.webkitRelativePath || f.name);
        }
      };
      await Promise.all(Array.from({ length: Math.min(4, files.length) }, lane));
      return [...new Set(rootOf.filter((r): r is string => r !== null))];
    },
    mediaUrl: (sha, variant) => `/media/${sha}/${variant}?token=${encodeURIComponent(token)}`,
  };
}

export const transport: Transport = window.castmatch
  ? electronTransport(window.castmatch)
  : browserTransport();

/** Visits every file under a dropped entry (recursively), with its path relative to the drop. */
async function walkEntry(
  entry: FileSystemEntry,
  path: string,
  visit: (file: File, path: string) => Promise<unknown>,
): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((ok, fail) => (entry as FileSystemFileEntry).file(ok, fail));
    await visit(file, path);
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  for (;;) {
    // readEntries returns the folder in chunks; an empty chunk means the end.
    const chunk = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
    if (chunk.length === 0) break;
    for (const child of chunk) await walkEntry(child, `${path}/${child.name}`, visit);
  }
}
