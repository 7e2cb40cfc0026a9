// A fake Anthropic Messages API on loopback, for unit and E2E tests: the real SDK reaches it through baseURL.
// It speaks the wire format of the real API (SSE with an `event:` line before every `data:` line, error bodies,
// retry-after) and plays replies that tests script in advance.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

export const FAKE_API_KEY = 'sk-ant-fake-test-key';

export type FakeUsage = {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
};

export type FakeToolUse = {
  id?: string;
  name: string;
  input: unknown;
  /** Streamed instead of JSON.stringify(input): lets a test send what a model might, e.g. broken JSON. */
  rawJson?: string;
};

export type FakeReply =
  /** A text answer; an array is streamed chunk by chunk (one text_delta each). */
  | { type: 'text'; text: string | string[]; delayMs?: number; usage?: FakeUsage; stopReason?: string }
  /** Optional text, then one or more tool_use blocks whose input is streamed as input_json_delta pieces. */
  | { type: 'tool_use'; text?: string; tools: FakeToolUse[]; delayMs?: number; usage?: FakeUsage }
  /** An HTTP error with the real API's error body; retryAfter sets the retry-after header (seconds). */
  | { type: 'error'; status: number; errorType?: string; message?: string; retryAfter?: number }
  /** Streams these chunks, then destroys the socket mid-answer (no content_block_stop / message_stop). */
  | { type: 'cut'; text: string[]; delayMs?: number }
  /** Streams these chunks, then an `event: error` frame, as the real API does for a mid-stream overload. */
  | { type: 'stream_error'; text: string[]; errorType?: string; message?: string }
  /** Accepts the request and never answers (until the client aborts or the server closes). */
  | { type: 'hang' }
  /** Streams these chunks, then goes silent with the connection open (a dead network without a reset). */
  | { type: 'stall'; text: string[] };

export type RecordedRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown> | null;
  at: number;
};

export type FakeAnthropic = {
  url: string;
  port: number;
  /** Queue replies, played in order one per POST /v1/messages. */
  script: (...replies: FakeReply[]) => void;
  /** What to answer when the queue is empty (default: echo the last user text at once). */
  setDefault: (reply: FakeReply | ((req: RecordedRequest) => FakeReply)) => void;
  /** Every request received, in order (including /v1/models). */
  requests: RecordedRequest[];
  /** Only the POST /v1/messages requests. */
  messageRequests: () => RecordedRequest[];
  pending: () => number;
  reset: () => void;
  close: () => Promise<void>;
};

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

function estimateTokens(s: string): number {
  return Math.max(1, Math.ceil(s.length / 4));
}

function lastUserText(body: Record<string, unknown> | null): string {
  const msgs = Array.isArray(body?.messages)
    ? (body.messages as Array<{ role?: string; content?: unknown }>)
    : [];
  for (let i = msgs.length - 1; i >= 0; i--) {
    const m = msgs[i];
    if (m?.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    if (Array.isArray(m.content)) {
      const t = (m.content as Array<{ type?: string; text?: string }>)
        .filter((b) => b.type === 'text')
        .map((b) => b.text ?? '')
        .join('');
      if (t) return t;
    }
  }
  return '';
}

function splitJson(s: string): string[] {
  // The real API sends tool input in small, arbitrary fragments; three pieces exercise the accumulation.
  if (s.length < 6) return [s];
  const a = Math.floor(s.length / 3);
  return [s.slice(0, a), s.slice(a, 2 * a), s.slice(2 * a)];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startFakeAnthropic(
  opts: { port?: number; apiKey?: string } = {},
): Promise<FakeAnthropic> {
  const apiKey = opts.apiKey ?? FAKE_API_KEY;
  const queue: FakeReply[] = [];
  let fallback: FakeReply | ((req: RecordedRequest) => FakeReply) = (req) => ({
    type: 'text',
    text: `Echo: ${lastUserText(req.body)}`,
  });
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  // Simulated prompt cache: a prefix (system + tools) seen before is a cache read, a new one a cache write.
  const cachedPrefixes = new Set<string>();

  function cacheUsage(body: Record<string, unknown>): { write: number; read: number } {
    const hasMarker = JSON.stringify([body.system ?? null, body.tools ?? null]).includes('"cache_control"');
    if (!hasMarker) return { write: 0, read: 0 };
    const prefix = JSON.stringify([body.tools ?? null, body.system ?? null]);
    const n = estimateTokens(prefix);
    if (cachedPrefixes.has(prefix)) return { write: 0, read: n };
    cachedPrefixes.add(prefix);
    return { write: n, read: 0 };
  }

  function sendError(
    res: ServerResponse,
    status: number,
    type: string,
    message: string,
    retryAfter?: number,
  ) {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'request-id': `req_${randomUUID()}`,
    };
    if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
    res.writeHead(status, headers);
    res.end(JSON.stringify({ type: 'error', error: { type, message } }));
  }

  function authorised(req: IncomingMessage): boolean {
    const x = req.headers['x-api-key'];
    const auth = req.headers.authorization;
    if (typeof x === 'string') return x === apiKey;
    if (typeof auth === 'string') return auth === `Bearer ${apiKey}`;
    return false;
  }

  type Block =
    | { type: 'text'; text: string }
    | { type: 'tool_use'; id: string; name: string; input: unknown };

  function blocksOf(reply: Extract<FakeReply, { type: 'text' | 'tool_use' }>): {
    blocks: Block[];
    chunks: string[][];
  } {
    if (reply.type === 'text') {
      const chunks = Array.isArray(reply.text) ? reply.text : [reply.text];
      return { blocks: [{ type: 'text', text: chunks.join('') }], chunks: [chunks] };
    }
    const blocks: Block[] = [];
    const chunks: string[][] = [];
    if (reply.text) {
      blocks.push({ type: 'text', text: reply.text });
      chunks.push([reply.text]);
    }
    for (const t of reply.tools) {
      blocks.push({
        type: 'tool_use',
        id: t.id ?? `toolu_${randomUUID().replaceAll('-', '')}`,
        name: t.name,
        input: t.input,
      });
      chunks.push(splitJson(t.rawJson ?? JSON.stringify(t.input)));
    }
    return { blocks, chunks };
  }

  function usageFor(body: Record<string, unknown>, outputText: string, override?: FakeUsage) {
    const cache = cacheUsage(body);
    const all = estimateTokens(JSON.stringify(body.messages ?? []));
    return {
      input_tokens: override?.input_tokens ?? all,
      output_tokens: override?.output_tokens ?? estimateTokens(outputText),
      cache_creation_input_tokens: override?.cache_creation_input_tokens ?? cache.write,
      cache_read_input_tokens: override?.cache_read_input_tokens ?? cache.read,
    };
  }

  async function answer(req: RecordedRequest, res: ServerResponse, reply: FakeReply) {
    const body = req.body ?? {};
    const model = typeof body.model === 'string' ? body.model : 'claude-unknown';
    const stream = body.stream === true;
    if (reply.type === 'hang') return; // the socket stays open; close() destroys it
    if (reply.type === 'error') {
      sendError(
        res,
        reply.status,
        reply.errorType ?? ERROR_TYPES[reply.status] ?? 'api_error',
        reply.message ?? `Fake error ${reply.status}`,
        reply.retryAfter,
      );
      return;
    }
    const id = `msg_${randomUUID().replaceAll('-', '')}`;
    if (reply.type === 'cut' || reply.type === 'stream_error' || reply.type === 'stall') {
      if (!stream) {
        sendError(res, 500, 'api_error', 'cut/stream_error replies need a streaming request');
        return;
      }
      const usage = usageFor(body, reply.text.join(''));
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const write = (event: string, data: unknown) =>
        res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      write('message_start', {
        type: 'message_start',
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...usage, output_tokens: 1 },
        },
      });
      write('content_block_start', {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'text', text: '' },
      });
      for (const c of reply.text) {
        write('content_block_delta', {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'text_delta', text: c },
        });
        if (reply.type === 'cut' && reply.delayMs) await sleep(reply.delayMs);
      }
      if (reply.type === 'stall') return; // the socket stays open; close() destroys it
      if (reply.type === 'stream_error') {
        write('error', {
          type: 'error',
          error: { type: reply.errorType ?? 'overloaded_error', message: reply.message ?? 'Overloaded' },
        });
        res.end();
        return;
      }
      // Let the written frames reach the client before the connection dies.
      await sleep(20);
      res.socket?.destroy();
      return;
    }

    const { blocks, chunks } = blocksOf(reply);
    const outText = blocks.map((b) => (b.type === 'text' ? b.text : JSON.stringify(b.input))).join('');
    const usage = usageFor(body, outText, reply.usage);
    const stopReason = reply.type === 'tool_use' ? 'tool_use' : (reply.stopReason ?? 'end_turn');
    if (!stream) {
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${randomUUID()}` });
      res.end(
        JSON.stringify({
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: blocks,
          stop_reason: stopReason,
          stop_sequence: null,
          usage,
        }),
      );
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'request-id': `req_${randomUUID()}`,
    });
    const write = (event: string, data: unknown) =>
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    write('message_start', {
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    });
    write('ping', { type: 'ping' });
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i]!;
      const pieces = chunks[i] ?? [];
      if (b.type === 'text') {
        write('content_block_start', {
          type: 'content_block_start',
          index: i,
          content_block: { type: 'text', text: '' },
        });
        for (const p of pieces) {
          write('content_block_delta', {
            type: 'content_block_delta',
            index: i,
            delta: { type: 'text_delta', text: p },
          });
          if (reply.delayMs) await sleep(reply.delayMs);
        }
      } else {
        write('content_block_start', {
          type: 'content_block_start',
          index: i,
          content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} },
        });
        for (const p of pieces) {
          write('content_block_delta', {
            type: 'content_block_delta',
            index: i,
            delta: { type: 'input_json_delta', partial_json: p },
          });
          if (reply.delayMs) await sleep(reply.delayMs);
        }
      }
      write('content_block_stop', { type: 'content_block_stop', index: i });
    }
    write('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: usage.output_tokens },
    });
    write('message_stop', { type: 'message_stop' });
    res.end();
  }

  function control(method: string, path: string, body: unknown, res: ServerResponse) {
    const json = (status: number, v: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(v));
    };
    if (method === 'POST' && path === '/_fake/script') {
      const list = Array.isArray(body)
        ? body
        : body && typeof body === 'object' && 'replies' in body
          ? (body as { replies: unknown }).replies
          : null;
      if (!Array.isArray(list)) return json(400, { error: 'POST an array of replies' });
      queue.push(...(list as FakeReply[]));
      return json(200, { pending: queue.length });
    }
    if (method === 'POST' && path === '/_fake/default') {
      fallback = body as FakeReply;
      return json(200, { ok: true });
    }
    if (method === 'GET' && path === '/_fake/requests') return json(200, requests);
    if (method === 'POST' && path === '/_fake/reset') {
      queue.length = 0;
      requests.length = 0;
      cachedPrefixes.clear();
      return json(200, { ok: true });
    }
    return json(404, { error: `No control route ${method} ${path}` });
  }

  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(parts).toString('utf8');
      let body: Record<string, unknown> | null = null;
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
      } catch {
        sendError(res, 400, 'invalid_request_error', `Body is not JSON (${path})`);
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      // Control endpoints, for E2E runs where the fake lives in another process than the test.
      if (path.startsWith('/_fake/')) {
        control(req.method ?? 'GET', path, body, res);
        return;
      }
      const rec: RecordedRequest = { method: req.method ?? 'GET', path, headers, body, at: Date.now() };
      requests.push(rec);
      if (!authorised(req)) {
        sendError(res, 401, 'authentication_error', 'invalid x-api-key');
        return;
      }
      if (req.method === 'GET' && path === '/v1/models') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            data: [modelInfo('claude-sonnet-5-5')],
            has_more: false,
            first_id: 'claude-sonnet-5-5',
            last_id: 'claude-sonnet-5-5',
          }),
        );
        return;
      }
      if (req.method === 'GET' && path.startsWith('/v1/models/')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(modelInfo(decodeURIComponent(path.slice('/v1/models/'.length)))));
        return;
      }
      if (req.method === 'POST' && path === '/v1/messages') {
        const reply = queue.shift() ?? (typeof fallback === 'function' ? fallback(rec) : fallback);
        answer(rec, res, reply).catch(() => res.destroy());
        return;
      }
      sendError(res, 404, 'not_found_error', `No route ${req.method} ${path}`);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    script: (...replies) => {
      queue.push(...replies);
    },
    setDefault: (r) => {
      fallback = r;
    },
    requests,
    messageRequests: () => requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages'),
    pending: () => queue.length,
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      cachedPrefixes.clear();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function modelInfo(id: string) {
  return {
    type: 'model',
    id,
    display_name: id,
    created_at: '2026-01-01T00:00:00Z',
    deprecated_at: null,
    capabilities: null,
  };
}

// `npx node tests/support/fake-anthropic.ts [--port N] [--key K]`: a standalone fake for manual runs and E2E.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const port = arg('--port');
  const fake = await startFakeAnthropic({ port: port ? Number(port) : undefined, apiKey: arg('--key') });
  console.log(`FAKE_ANTHROPIC_URL=${fake.url}`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
