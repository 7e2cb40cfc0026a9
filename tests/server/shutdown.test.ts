// `npm run server` with its embedded Postgres, stopped the way systemd, docker or a terminal stop it: SIGTERM to
// npm. npm passes the signal on, the server closes, and the embedded Postgres stops with it: no process is
// left behind. Also the start-up warnings for an open listen address and open office creation.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnv, startupWarnings } from '../../src/server/config.ts';
import { tempDir } from '../support/db.ts';
import { freePort } from '../support/free-port.ts';

const root = join(import.meta.dirname, '../..');
const started: { pids: number[] }[] = [];

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const dataDirs: string[] = [];

afterAll(() => {
  // Only if a test failed half-way: nothing of ours may outlive it (a Postgres left running keeps its pid file).
  for (const s of started) for (const pid of s.pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (const dir of dataDirs) {
    const pidFile = join(dir, 'pg', 'postmaster.pid');
    if (!existsSync(pidFile)) continue;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid && alive(pid)) process.kill(pid, 'SIGINT');
  }
});

/**
 * Polls until `pid` is gone (the process is not our child, so there is no exit event to wait on). No bound of its
 * own: a Postgres that takes long to stop on a loaded machine is not a failure; the test's timeout ends a hang.
 */
async function gone(pid: number): Promise<boolean> {
  while (alive(pid)) await new Promise((ok) => setTimeout(ok, 50)); // poll interval
  return true;
}

describe('npm run server', () => {
  // One data folder for both: the second start skips initdb, so the signal lands in Postgres's own start.
  const data = tempDir('cm-server-shutdown-');
  dataDirs.push(data);

  it('stops the server and its embedded Postgres on SIGTERM, after warning about open defaults', async () => {
    const npm: ChildProcess = spawn('npm', ['run', 'server'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: '',
        REDIS_URL: '',
        JWT_SECRET: '',
        SIGNUP_SECRET: '',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'info',
        CASTMATCH_SERVER_DATA: data,
        EMBEDDED_PG_PORT: String(await freePort()),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const mine = { pids: [npm.pid!] };
    started.push(mine);
    let err = '';
    npm.stderr?.on('data', (d) => {
      err += String(d);
    });
    const exited = new Promise<number | null>((ok) => npm.once('exit', (code) => ok(code)));
    // pino's "listening" line carries the server's own pid.
    const serverPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      npm.stdout?.on('data', (d) => {
        out += String(d);
        const line = out.split('\n').find((l) => l.includes('CastMatch sync server listening'));
        if (line) resolve((JSON.parse(line) as { pid: number }).pid);
      });
      void exited.then((code) => reject(new Error(`server exited ${code} before listening: ${err}`)));
    });
    const postgresPid = Number(readFileSync(join(data, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    mine.pids.push(serverPid, postgresPid);
    expect(serverPid).not.toBe(npm.pid);
    expect(alive(postgresPid)).toBe(true);

    expect(err).toMatch(
      /WARNING: SIGNUP_SECRET is not set: anyone who can reach this server can create an office/,
    );
    expect(err).not.toMatch(/HOST is not set/);

    npm.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await gone(serverPid)).toBe(true);
    expect(await gone(postgresPid)).toBe(true);
    expect(err).toMatch(/SIGTERM: shutting down/);
    // Postgres removes its pid file only on a clean shutdown.
    expect(existsSync(join(data, 'pg', 'postmaster.pid'))).toBe(false);
  });

  it('stops cleanly when SIGTERM arrives while the embedded Postgres is still starting', async () => {
    const node = spawn(process.execPath, [join(root, 'src/server/main.ts')], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: '',
        REDIS_URL: '',
        HOST: '127.0.0.1',
        PORT: '0',
        CASTMATCH_SERVER_DATA: data,
        EMBEDDED_PG_PORT: String(await freePort()),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push({ pids: [node.pid!] });
    const exited = new Promise<number | null>((ok) => node.once('exit', (code) => ok(code)));
    await new Promise<void>((ok) => {
      let out = '';
      node.stdout?.on('data', (d) => {
        out += String(d);
        if (out.includes('starting embedded Postgres')) ok();
      });
    });
    node.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(data, 'pg', 'postmaster.pid'))).toBe(false);
  });
});

describe('start-up warnings', () => {
  const warn = (env: NodeJS.ProcessEnv) => startupWarnings(env, parseEnv(env));

  it('warns when HOST defaults to every interface and when anyone may create an office', () => {
    const w = warn({});
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(/HOST is not set: listening on 0\.0\.0\.0/);
    expect(w[1]).toMatch(/SIGNUP_SECRET is not set/);
  });

  it('is quiet when both are chosen', () => {
    expect(warn({ HOST: '0.0.0.0', SIGNUP_SECRET: 'office-signup-2026' })).toEqual([]);
    expect(warn({ HOST: '', SIGNUP_SECRET: 'office-signup-2026' })).toHaveLength(1); // empty counts as unset
  });
});
