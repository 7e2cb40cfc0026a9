// Lists in one cell: agency sheets split on , ; | / and line breaks; the office's own export quotes an item that
// holds one of them, so every list comes back item for item.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinList, splitList } from '../../src/backend/talent/import/lists.ts';

describe('lists in a cell', () => {
  it('splits what agencies type', () => {
    expect(splitList('Singing/Dancing; Horse riding |Swimming\nKathak')).toEqual([
      'Singing',
      'Dancing',
      'Horse riding',
      'Swimming',
      'Kathak',
    ]);
    expect(splitList('Kathak, NA, -, ')).toEqual(['Kathak']);
    // A quote inside an item is just text; one that never closes does not swallow the rest.
    expect(splitList('Singing "classical", Dance')).toEqual(['Singing "classical"', 'Dance']);
    expect(splitList('"Kathak, Odissi')).toEqual(['"Kathak', 'Odissi']);
  });

  it('keeps a quoted item whole', () => {
    expect(splitList('"Kathak/Bharatanatyam", Horse riding')).toEqual([
      'Kathak/Bharatanatyam',
      'Horse riding',
    ]);
    expect(splitList('"say ""yes""; now"')).toEqual(['say "yes"; now']);
    expect(joinList(['Kathak/Bharatanatyam', 'Horse riding', 'NA'])).toBe(
      '"Kathak/Bharatanatyam", Horse riding, "NA"',
    );
  });

  it('gives back every list the export writes', () => {
    const item = fc
      .string({
        unit: fc.constantFrom('a', 'B', ' ', ',', ';', '/', '|', '\n', '"', 'क', '-', 'N', 'A'),
        maxLength: 8,
      })
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), (items) => {
        expect(splitList(joinList(items))).toEqual(items);
      }),
      { numRuns: 2000, seed: 3 },
    );
  });
});
