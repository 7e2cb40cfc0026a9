import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../src/backend/api/backend.ts';
import { databaseFile } from '../../src/backend/store/db.ts';
import { METHOD_NAMES, methods } from '../../src/shared/api.ts';
import { tempDir } from '../support/db.ts';

let backend: Backend;
beforeAll(async () => {
  backend = await createBackend({ dataDir: ':memory:', transport: 'browser', version: 'test' });
});
afterAll(() => backend.close());

describe('the typed API contract', () => {
  it('has a zod input and output schema for every method', () => {
    for (const name of METHOD_NAMES) {
      expect(typeof methods[name].input.safeParse, name).toBe('function');
      expect(typeof methods[name].output.safeParse, name).toBe('function');
    }
  });

  it('answers an unknown method, bad types and oversized strings with typed errors, never a stack', async () => {
    const cases: [unknown, unknown, string][] = [
      ['talent.nope', {}, 'UNKNOWN_METHOD'],
      [42, {}, 'UNKNOWN_METHOD'],
      ['__proto__', {}, 'UNKNOWN_METHOD'],
      ['talent.get', { id: 7 }, 'INVALID_INPUT'],
      ['talent.search', { text: 'x'.repeat(10_000) }, 'INVALID_INPUT'],
      ['talent.search', { limit: 1e9 }, 'INVALID_INPUT'],
      ['talent.create', { fullName: '' }, 'INVALID_INPUT'],
      ['talent.create', { fullName: 'A', email: 'not-an-email' }, 'INVALID_INPUT'],
      ['talent.create', { fullName: 'A', playingAgeMin: 40, playingAgeMax: 20 }, 'INVALID_INPUT'],
      ['talentImport.preview', { file: '/etc/passwd' }, 'INVALID_INPUT'],
      ['talent.get', { id: 'missing' }, 'NOT_FOUND'],
      ['talentImport.preview', { file: 'fh_aaaaaaaaaaaaaaaaaaaaaaaa' }, 'UNKNOWN_FILE'],
    ];
    for (const [method, input, code] of cases) {
      const r = await backend.dispatch(method, input);
      expect(r.ok, String(method)).toBe(false);
      if (!r.ok) {
        expect(r.error.code, `${String(method)} ${JSON.stringify(input).slice(0, 60)}`).toBe(code);
        expect(r.error.message).not.toMatch(/\n\s+at /); // no stack frames
      }
    }
  });

  it('a write that finds the database locked (an import committing) gets BUSY, and works afterwards', async () => {
    const dataDir = tempDir();
    const own = await createBackend({ dataDir, transport: 'browser', version: 'test' });
    own.db.sqlite.pragma('busy_timeout = 50');
    const importer = new Database(databaseFile(dataDir));
    importer.exec('BEGIN IMMEDIATE');
    const r = await own.dispatch('talent.create', { fullName: 'Waits Her Turn' });
    expect(r).toMatchObject({ ok: false, error: { code: 'BUSY', message: /try again/ } });
    importer.exec('ROLLBACK');
    importer.close();
    expect((await own.dispatch('talent.create', { fullName: 'Waits Her Turn' })).ok).toBe(true);
    own.close();
  });

  it('round-trips a profile through create, search, update and delete with events', async () => {
    const seen: string[] = [];
    const off = backend.events.subscribe((e) => seen.push(e));
    const created = await backend.dispatch('talent.create', {
      fullName: 'Meera Nair',
      languages: [{ language: 'Malayalam', fluency: 5 }],
    });
    expect(created.ok).toBe(true);
    const id = created.ok ? (created.value as { id: string }).id : '';
    const found = await backend.dispatch('talent.search', {
      text: 'meera',
      filters: { languages: [{ language: 'Malayalam' }] },
    });
    expect(found.ok && (found.value as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([id]);
    const updated = await backend.dispatch('talent.update', {
      id,
      patch: { fullName: 'Meera K Nair', heightCm: 162 },
    });
    expect(updated.ok && (updated.value as { heightCm: number }).heightCm).toBe(162);
    expect((await backend.dispatch('talent.delete', { id })).ok).toBe(true);
    expect(await backend.dispatch('talent.get', { id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect((await backend.dispatch('talent.restore', { id })).ok).toBe(true);
    off();
    expect(seen).toEqual(['talent.changed', 'talent.changed', 'talent.changed', 'talent.changed']);
  });

  it('runs the casting workflow: project → role → shortlist → move', async () => {
    const t = await backend.dispatch('talent.create', { fullName: 'Kabir Khan' });
    const talentId = t.ok ? (t.value as { id: string }).id : '';
    const p = await backend.dispatch('projects.create', { name: 'Monsoon Wedding S2' });
    const projectId = p.ok ? (p.value as { id: string }).id : '';
    const r = await backend.dispatch('roles.create', {
      projectId,
      name: 'RAHUL',
      ageMin: 25,
      ageMax: 30,
      gender: 'male',
    });
    const roleId = r.ok ? (r.value as { id: string }).id : '';
    const added = await backend.dispatch('shortlist.add', { roleId, talentId });
    expect(added.ok && (added.value as unknown[]).length).toBe(1);
    const again = await backend.dispatch('shortlist.add', { roleId, talentId });
    expect(again.ok && (again.value as unknown[]).length).toBe(1); // no duplicate entry
    const entryId = added.ok ? (added.value as { id: string }[])[0]!.id : '';
    const moved = await backend.dispatch('shortlist.move', { entryId, status: 'callback', beforeId: null });
    expect(moved.ok && (moved.value as { status: string }[])[0]!.status).toBe('callback');
    expect(
      await backend.dispatch('shortlist.move', { entryId, status: 'hired', beforeId: null }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const roles = await backend.dispatch('roles.list', { projectId });
    expect(roles.ok && (roles.value as { shortlistCount: number }[])[0]!.shortlistCount).toBe(1);
  });
});

describe('import boundaries', () => {
  it('the preload exposes only invoke, on and registerFile over two fixed channels', () => {
    const preload = readFileSync(join(import.meta.dirname, '../../src/preload/index.ts'), 'utf8');
    expect(preload).not.toMatch(/ipcRenderer\.(send|sendSync|invoke)\(\s*[a-z]/); // no caller-chosen channel
    expect([...preload.matchAll(/'castmatch:[a-z-]+'/g)].map((m) => m[0]).sort()).toEqual([
      "'castmatch:event'",
      "'castmatch:event'",
      "'castmatch:invoke'",
      "'castmatch:register-file'",
    ]);
  });
});
