// The viewer guard (api/viewer-guard.ts): while the role is viewer every office write answers READ_ONLY before its
// handler runs; reads, local-only writes and every method once the role changes go through.
import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../src/backend/api/dispatch.ts';
import { guardViewerTools, guardViewerWrites, OFFICE_WRITES } from '../../src/backend/api/viewer-guard.ts';
import { dbToolContext } from '../../src/backend/claude/tool-context.ts';
import { runTool } from '../../src/backend/claude/tool-runner.ts';
import { methods } from '../../src/shared/api.ts';
import { memoryDb } from '../support/db.ts';

describe('the viewer guard', () => {
  it('refuses every office write while read-only, and nothing else', () => {
    const ran: string[] = [];
    const handlers = Object.fromEntries(
      Object.keys(methods).map((m) => [
        m,
        () => {
          ran.push(m);
          return 'ran';
        },
      ]),
    ) as unknown as Handlers;
    let readOnly = true;
    const guarded = guardViewerWrites(handlers, () => readOnly) as unknown as Record<
      string,
      (i: unknown) => unknown
    >;
    for (const m of OFFICE_WRITES)
      expect(() => guarded[m]!({}), m).toThrow(expect.objectContaining({ code: 'READ_ONLY' }));
    expect(ran).toEqual([]);
    for (const m of [
      'talent.search',
      'talent.get',
      'projects.list',
      'chat.settings.update',
      'talentExport.run',
    ])
      expect(guarded[m]!({})).toBe('ran');
    readOnly = false; // the role changed: the same wrapped handlers write again
    for (const m of OFFICE_WRITES) expect(guarded[m]!({})).toBe('ran');
  });

  it('names only methods of the contract, each once', () => {
    expect(OFFICE_WRITES.filter((m) => !(m in methods))).toEqual([]);
    expect(new Set(OFFICE_WRITES).size).toBe(OFFICE_WRITES.length);
  });

  it("keeps Claude's remember tool from writing an office memory for a viewer; search still works", async () => {
    const db = await memoryDb();
    let readOnly = true;
    const tools = guardViewerTools(dbToolContext(db, null), () => readOnly);
    const memories = () => (db.sqlite.prepare('SELECT count(*) AS n FROM memory').get() as { n: number }).n;
    const refused = runTool(tools, 'remember', { text: 'Director prefers theatre actors' });
    expect(refused.ok).toBe(false);
    expect(refused.content).toMatch(/viewer/);
    expect(memories()).toBe(0);
    expect(runTool(tools, 'search_talent', { text: 'Meher' }).ok).toBe(true);
    readOnly = false;
    expect(runTool(tools, 'remember', { text: 'Director prefers theatre actors' }).ok).toBe(true);
    expect(memories()).toBe(1);
    db.close();
  });
});
