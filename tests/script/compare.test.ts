import { describe, expect, it } from 'vitest';
import { analyzePages } from '../../src/backend/script/analyze.ts';
import { compareDrafts } from '../../src/backend/script/compare.ts';
import { draftComparisonSchema } from '../../src/shared/script.ts';
import { pagesOf } from './fixtures/lines.ts';

const speech = (name: string, text = 'Haan.') => [`22|${name}`, `10|${text}`, ''];
const draft = (...speeches: string[][]) =>
  analyzePages(pagesOf(['INT. OFFICE - DAY', '', 'The fan turns.', '', ...speeches.flat()]), {
    fileName: 'd.pdf',
    metadataTitle: null,
    warnings: [],
  });

describe('compareDrafts', () => {
  it('lists roles added, cut, grown and shrunk', () => {
    const before = draft(
      speech('RAHUL'),
      speech('PRIYA'),
      speech('RAHUL'),
      speech('MRS. IYER'),
      speech('WAITER'),
      speech('KABIR'),
    );
    const after = draft(
      speech('RAHUL'),
      speech('PRIYA'),
      speech('PRIYA'),
      speech('PRIYA'),
      speech('MRS IYER'),
      speech('ZOYA'),
      speech('KABIR'),
    );
    const d = compareDrafts(before, after);
    expect(draftComparisonSchema.safeParse(d).success).toBe(true);
    expect(d.added.map((c) => c.name)).toEqual(['ZOYA']);
    expect(d.cut.map((c) => [c.name, c.speechesBefore, c.speechesAfter])).toEqual([['WAITER', 1, 0]]);
    expect(d.grew.map((c) => [c.name, c.speechesBefore, c.speechesAfter])).toEqual([['PRIYA', 1, 3]]);
    expect(d.shrank.map((c) => [c.name, c.speechesBefore, c.speechesAfter])).toEqual([['RAHUL', 2, 1]]);
    // "MRS IYER" and "MRS. IYER" are the same role.
    expect(d.unchanged.sort()).toEqual(['KABIR', 'MRS IYER']);
    expect(d.scenesBefore).toBe(1);
  });

  it('reports no change for the same draft', () => {
    const a = draft(speech('RAHUL'), speech('PRIYA'));
    const d = compareDrafts(a, a);
    expect([d.added, d.cut, d.grew, d.shrank]).toEqual([[], [], [], []]);
    expect(d.unchanged).toHaveLength(2);
  });
});
