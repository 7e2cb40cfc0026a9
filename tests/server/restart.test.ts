// Kill -9 the server process in the middle of pushes, start it again: no acknowledged change is lost, and
// retrying the unacknowledged ones (idempotent) completes the set.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOffice,
  createTestDatabase,
  hlcAt,
  JWT_SECRET,
  pullAll,
  push,
  type SessionInfo,
  type TestDatabase,
} from './helpers.ts';

let db: TestDatabase;
const children: ChildProcess[] = [];
beforeAll(async () => {
  db = await createTestDatabase('restart');
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await db?.drop();
});

async function startProcess(): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, '../../src/server/main.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      REDIS_URL: '',
      JWT_SECRET,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      PG_POOL_SIZE: '8',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  // No timer of its own: a slow start on a loaded machine is not a failure (the test's guard ends a hang).
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
      const m = /listening on (http:\/\/[0-9.]+:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.stderr?.on('data', (d) => {
      err += String(d);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
  return { child, base };
}

describe('server restart in the middle of pushes', () => {
  it('keeps every acknowledged change', async () => {
    const first = await startProcess();
    const s: SessionInfo = await createOffice(first.base, 'Restart');
    const acked: { rowId: string; value: string }[] = [];
    const unacked: { rowId: string; value: string; hlc: string }[][] = [];
    let killed = false;
    // Killed once pushes are being acknowledged (an event, not a sleep): some are in, others in flight.
    let firstAck: () => void = () => {};
    const someAcked = new Promise<void>((r) => {
      firstAck = r;
    });
    const pusher = async (p: number) => {
      for (let round = 0; round < 1000 && !killed; round++) {
        const batch = Array.from({ length: 200 }, (_, i) => ({
          rowId: `r-${p}-${round}-${i}`,
          value: `v-${p}-${round}-${i}`,
          hlc: hlcAt(round * 1000 + i, p),
        }));
        try {
          const r = await push(
            first.base,
            s,
            batch.map((b) => ({ table: 'talent', column: 'name', ...b })),
          );
          if (r.status === 200) {
            acked.push(...batch);
            if (acked.length >= 3 * batch.length) firstAck();
          } else unacked.push(batch);
        } catch {
          unacked.push(batch); // connection reset by the kill: outcome unknown
        }
      }
    };
    const running = Promise.all(Array.from({ length: 6 }, (_, p) => pusher(p)));
    await someAcked;
    killed = true;
    first.child.kill('SIGKILL');
    await running;
    expect(acked.length).toBeGreaterThan(0);
    expect(unacked.length).toBeGreaterThan(0);

    const second = await startProcess();
    const login = await fetch(`${second.base}/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-castmatch-schema-version': '1' },
      body: JSON.stringify({ refreshToken: s.refreshToken, deviceId: s.deviceId }),
    });
    expect(login.status).toBe(200);
    const cells = new Map((await pullAll(second.base, s, 0, 5000)).cells.map((c) => [c.rowId, c.value]));
    const lost = acked.filter((a) => cells.get(a.rowId) !== a.value);
    expect(lost).toEqual([]);
    // Retry what was not acknowledged: idempotent, so committed-but-unacked batches are simply ignored.
    for (const batch of unacked) {
      const r = await push(
        second.base,
        s,
        batch.map((b) => ({ table: 'talent', column: 'name', ...b })),
      );
      expect(r.status).toBe(200);
    }
    const all = await pullAll(second.base, s, 0, 5000);
    expect(all.cells.length).toBe(acked.length + unacked.flat().length);
    expect(all.cells.map((c) => c.seq)).toEqual(Array.from({ length: all.cells.length }, (_, i) => i + 1));
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
    expect(second.child.exitCode).toBe(0);
  }, 300_000); // a runaway guard for a loaded machine
});
