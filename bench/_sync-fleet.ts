// Many connected desktops of one office (`bench -- sync`, no target yet): `sockets` WebSocket connections receive
// the pokes; `observers` of them also pull on every poke, as a desktop does, and time each edit's arrival;
// `pushers` desktops push small edits (one cell each) concurrently. A desktop here is a protocol client (socket,
// cursor, pull), not a local store: a thousand SQLite stores do not fit this machine, and the server's side, which
// this measures, is the same. The sockets share a few sign-ins (each sign-in costs an Argon2 hash).
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { CURRENT_SCHEMA_VERSION, SCHEMA_VERSION_HEADER } from '../src/shared/sync/protocol.ts';
import { inviteUser, type SessionInfo } from '../tests/server/helpers.ts';

export interface FleetOptions {
  sockets: number;
  observers: number;
  pushers: number;
  editsPerPusher: number;
}

export interface FleetFigures {
  connected: number;
  deliveries: number;
  p95Ms: number;
  serverCpuPercent: number;
}

const headers = (token: string) => ({
  authorization: `Bearer ${token}`,
  'content-type': 'application/json',
  [SCHEMA_VERSION_HEADER]: String(CURRENT_SCHEMA_VERSION),
});

/** CPU seconds (user + system) the process has used, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

export async function runFleet(
  base: string,
  admin: SessionInfo,
  serverPid: number,
  opts: FleetOptions,
  log: (s: string) => void,
): Promise<FleetFigures> {
  const pushers: SessionInfo[] = [];
  for (let i = 0; i < opts.pushers; i++) pushers.push(await inviteUser(base, admin, 'casting_director'));
  const tokens = [admin, ...pushers.slice(0, 9)].map((s) => s.accessToken);
  const wsUrl = `${base.replace(/^http/, 'ws')}/v1/ws`;
  const sockets: WebSocket[] = [];
  /** Edit arrival times on observers: cell value (the push's start time, ms) → arrival (ms). */
  const latencies: number[] = [];
  const head = await fetch(`${base}/v1/sync/pull`, {
    method: 'POST',
    headers: headers(admin.accessToken),
    body: JSON.stringify({ schemaVersion: CURRENT_SCHEMA_VERSION, cursor: 0, limit: 1 }),
  }).then((r) => r.json() as Promise<{ seq: number }>);

  const observe = (ws: WebSocket, token: string) => {
    let cursor = head.seq;
    let running = false;
    let again = false;
    const pullNow = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      do {
        again = false;
        for (;;) {
          const r = await fetch(`${base}/v1/sync/pull`, {
            method: 'POST',
            headers: headers(token),
            body: JSON.stringify({ schemaVersion: CURRENT_SCHEMA_VERSION, cursor, limit: 5000 }),
          });
          const page = (await r.json()) as { cells: { value: unknown }[]; cursor: number; hasMore: boolean };
          const now = Date.now();
          for (const c of page.cells) if (typeof c.value === 'number') latencies.push(now - c.value);
          cursor = page.cursor;
          if (!page.hasMore) break;
        }
      } while (again);
      running = false;
    };
    ws.on('message', (d) => {
      if ((JSON.parse(String(d)) as { type: string }).type === 'poke') void pullNow();
    });
  };

  const cpu0 = cpuSeconds(serverPid);
  for (let i = 0; i < opts.sockets; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, opts.sockets - i) }, async (_, k) => {
        const token = tokens[(i + k) % tokens.length]!;
        const ws = new WebSocket(wsUrl, { headers: headers(token) });
        await new Promise<void>((ok, fail) => {
          ws.once('error', fail);
          ws.on('message', (d) => {
            if ((JSON.parse(String(d)) as { type: string }).type === 'ready') ok();
          });
        });
        if (sockets.length < opts.observers) observe(ws, token);
        sockets.push(ws);
      }),
    );
  }
  log(`fleet: ${sockets.length} sockets connected (${opts.observers} of them pull on every poke)`);

  const start = performance.now();
  const cpu1 = cpuSeconds(serverPid);
  await Promise.all(
    pushers.map(async (s, p) => {
      for (let e = 0; e < opts.editsPerPusher; e++) {
        const at = Date.now();
        const hlc = `${new Date(at).toISOString()}-${e.toString(16).padStart(4, '0')}-${p.toString(16).padStart(16, '0')}`;
        const r = await fetch(`${base}/v1/sync/push`, {
          method: 'POST',
          headers: headers(s.accessToken),
          body: JSON.stringify({
            schemaVersion: CURRENT_SCHEMA_VERSION,
            deviceId: s.deviceId,
            changes: [{ table: 'talent', rowId: `fleet-${p}-${e}`, column: 'rating', value: at, hlc }],
          }),
        });
        if (r.status !== 200) throw new Error(`fleet push ${r.status} ${await r.text()}`);
        await r.arrayBuffer();
      }
    }),
  );
  const expected = opts.pushers * opts.editsPerPusher * opts.observers;
  // Deliveries still on their way: wait for the observers' pulls to bring them (bounded, on the count).
  for (let i = 0; i < 400 && latencies.length < expected; i++) await new Promise((ok) => setTimeout(ok, 25));
  const wall = (performance.now() - start) / 1000;
  const cpu = cpuSeconds(serverPid) - cpu1;
  for (const ws of sockets) ws.terminate();
  log(
    `fleet: ${opts.pushers} desktops pushed ${opts.editsPerPusher} edits each in ${wall.toFixed(1)} s; ` +
      `${latencies.length}/${expected} deliveries seen by observers; server CPU ${((100 * cpu) / wall).toFixed(0)}% ` +
      `of one core during the pushes (${(cpu1 - cpu0).toFixed(1)} s to connect the sockets)`,
  );
  return {
    connected: sockets.length,
    deliveries: latencies.length,
    p95Ms: percentile(latencies, 95),
    serverCpuPercent: (100 * cpu) / wall,
  };
}
