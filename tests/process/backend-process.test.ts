// The backend in its own process: the same calls and events as in-process, and when the process is killed
// (during writes, during an import) it is restarted with every acknowledged write kept and nothing half-done.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { listBackups } from '../../src/backend/backup/backups.ts';
import { memorySecretStore } from '../../src/backend/claude/secret-store.ts';
import { type BackendConnection, connectBackend } from '../../src/backend/process/connection.ts';
import { forkBackend } from '../../src/backend/process/fork.ts';
import { databaseFile } from '../../src/backend/store/db.ts';
import { tempDir } from '../support/db.ts';

let conn: BackendConnection | null = null;
// What the process logged (printed by a failing test through its message).
const logs: string[] = [];
afterEach(async () => {
  await conn?.close();
  conn = null;
});

async function start(dataDir: string, secrets = memorySecretStore()): Promise<BackendConnection> {
  conn = await connectBackend({
    spawn: forkBackend,
    options: { dataDir, transport: 'browser', version: 'test', secrets: { kind: secrets.kind } },
    secrets,
    log: (m, e) => logs.push(`${m} ${e ?? ''}`),
  });
  return conn;
}

type Ok<T> = { ok: true; value: T };
function value<T>(r: { ok: boolean; value?: unknown; error?: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`${r.error?.code}: ${r.error?.message}\n${logs.join('\n')}`);
  return (r as Ok<T>).value;
}

const nextRestart = (c: BackendConnection) =>
  new Promise<{ exitCode: number | null }>((resolve) => {
    const off = c.onRestart((info) => {
      off();
      resolve(info);
    });
  });

function integrity(dataDir: string): string {
  const db = new Database(databaseFile(dataDir), { readonly: true });
  try {
    return (db.pragma('integrity_check', { simple: true }) as string) ?? '';
  } finally {
    db.close();
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the backend process', () => {
  it('answers calls, sends events, takes file handles and asks the shell for the secret', async () => {
    const secrets = memorySecretStore('sk-test-123');
    const c = await start(tempDir(), secrets);
    expect(c.pid).toBeGreaterThan(0);
    expect(c.pid).not.toBe(process.pid);
    const events: string[] = [];
    c.events.subscribe((e) => events.push(e));
    const t = value<{ id: string }>(await c.dispatch('talent.create', { fullName: 'Ishaan Ghosh' }));
    expect(events).toContain('talent.changed');
    const found = value<{ items: { id: string }[] }>(await c.dispatch('talent.search', { text: 'ishaan' }));
    expect(found.items.map((i) => i.id)).toEqual([t.id]);
    // Invalid input is refused by the process's dispatcher, typed.
    expect(await c.dispatch('talent.create', { fullName: 42 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    // A file named in the shell is known to the process by its handle.
    const csv = join(tempDir(), 'agency.csv');
    writeFileSync(csv, 'Name,City\nMeher Bhatia,Mumbai\n');
    const report = value<{ imported: number }>(
      await c.dispatch('talentImport.run', {
        file: c.files.register(csv, 'agency.csv'),
        jobId: 'small-import-1',
        mapping: { '0': 'fullName', '1': 'city' },
      }),
    );
    expect(report.imported).toBe(1);
    // The key lives in the shell's store: the process reads and writes it through the shell.
    expect(
      value<{ hasApiKey: boolean; keyStorage: string }>(await c.dispatch('chat.settings.get', {})),
    ).toMatchObject({ hasApiKey: true, keyStorage: 'memory' });
    value(await c.dispatch('chat.apiKey.set', { apiKey: null }));
    expect(await secrets.get()).toBeNull();
    expect(value<{ hasApiKey: boolean }>(await c.dispatch('chat.settings.get', {})).hasApiKey).toBe(false);
  });

  it('is restarted after a kill during writes: every acknowledged write is kept', {
    timeout: 120_000,
  }, async () => {
    const dataDir = tempDir();
    const c = await start(dataDir);
    const acked: string[] = [];
    const codes = new Set<string>();
    const firstPid = c.pid!;
    const restarted = nextRestart(c);
    let killed = false;
    for (let i = 0; i < 400 && (!killed || acked.length < 300); i++) {
      const r = await c.dispatch('talent.create', { fullName: `Writer ${i}` });
      if (r.ok) acked.push((r.value as { id: string }).id);
      else codes.add(r.error.code);
      if (!killed && acked.length === 100) {
        killed = true;
        // Killed while a write is on its way: the next call is in flight when the process dies.
        const inFlight = c.dispatch('talent.create', { fullName: 'In flight' });
        process.kill(firstPid, 'SIGKILL');
        const r2 = await inFlight;
        if (r2.ok) acked.push((r2.value as { id: string }).id);
        else codes.add(r2.error.code);
      }
    }
    expect((await restarted).exitCode).toBeNull(); // killed by a signal
    expect(c.pid).not.toBe(firstPid);
    expect([...codes].every((code) => code === 'BACKEND_RESTARTED')).toBe(true);
    for (const id of acked) expect((await c.dispatch('talent.get', { id })).ok, id).toBe(true);
    await c.close();
    conn = null;
    expect(integrity(dataDir)).toBe('ok');
  });

  it('is restarted after a kill during an import: all of it or none of it', {
    timeout: 180_000,
  }, async () => {
    const dataDir = tempDir();
    const c = await start(dataDir);
    const rows = 30_000;
    const csv = join(tempDir(), 'big.csv');
    const lines = ['Name,City,Phone'];
    for (let i = 0; i < rows; i++)
      lines.push(`Person ${i},Mumbai,98${String(10_000_000 + i).padStart(8, '0')}`);
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const file = c.files.register(csv, 'big.csv');
    const mapping = { '0': 'fullName', '1': 'city', '2': 'phone' };
    const firstPid = c.pid!;
    const restarted = nextRestart(c);
    const writing = new Promise<void>((resolve) => {
      const off = c.events.subscribe((e, p) => {
        if (e === 'import.progress' && (p as { phase: string }).phase === 'writing') {
          off();
          resolve();
        }
      });
    });
    const run = c.dispatch('talentImport.run', { file, jobId: 'crash-import-1', mapping });
    await Promise.race([
      writing,
      run.then((r) => {
        throw new Error(`the import ended before it wrote: ${JSON.stringify(r)}`);
      }),
    ]);
    process.kill(firstPid, 'SIGKILL');
    expect(await run).toMatchObject({ ok: false, error: { code: 'BACKEND_RESTARTED' } });
    await restarted;
    const count = () => c.dispatch('app.info', {}).then((r) => value<{ talentCount: number }>(r).talentCount);
    expect([0, rows]).toContain(await count());
    // The handle still works in the new process, and the import runs to the end.
    await c.dispatch('talent.search', { text: 'person' });
    value(
      await c.dispatch('talentImport.run', { file, jobId: 'crash-import-2', mapping, duplicates: 'skip' }),
    );
    expect(await count()).toBe(rows);
    await c.close();
    conn = null;
    expect(integrity(dataDir)).toBe('ok');
  });

  it('close() stops the process and every worker it started', async () => {
    const dataDir = tempDir();
    const c = await start(dataDir);
    const pid = c.pid!;
    await c.dispatch('talent.facets', {}); // the facets worker is up
    await c.close();
    conn = null;
    expect(alive(pid)).toBe(false);
    expect(existsSync(databaseFile(dataDir))).toBe(true);
    // Calls after close are refused, not left waiting.
    expect(await c.dispatch('app.info', {})).toMatchObject({ ok: false });
  });

  it('runs the start-up integrity check and the daily backup in the process, and tells the shell', async () => {
    const dataDir = tempDir();
    const secrets = memorySecretStore();
    const report = new Promise<{ ok: boolean; problems: string[] }>((resolve) => {
      void connectBackend({
        spawn: forkBackend,
        options: {
          dataDir,
          transport: 'electron',
          version: 'test',
          secrets: { kind: 'memory' },
          backups: true,
        },
        secrets,
        onIntegrity: resolve,
      }).then((c) => {
        conn = c;
      });
    });
    expect(await report).toEqual({ ok: true, problems: [] });
    // The message comes once the start-up work is done: the check, then the day's first backup.
    const backups = await listBackups(dataDir);
    expect(backups.map((b) => b.reason)).toContain('daily');
  });
});
