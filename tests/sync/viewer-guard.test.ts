// The viewer guard (api/viewer-guard.ts): while the role is viewer every office write answers READ_ONLY before its
// handler runs; reads, local-only writes and every method once the role changes go through.
import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../src/backend/api/dispatch.ts';
import { guardViewerWrites, OFFICE_WRITES } from '../../src/backend/api/viewer-guard.ts';
import { methods } from '../../src/shared/api.ts';

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
});
