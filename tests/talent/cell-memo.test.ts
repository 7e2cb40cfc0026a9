// The import reads each distinct cell of a repetitive column once (cell-memo.ts): same results as reading
// every cell, shared and frozen, and no memo for a column whose cells rarely repeat.
import { describe, expect, it } from 'vitest';
import { CellMemo } from '../../src/backend/talent/import/cell-memo.ts';
import { parseLanguageList } from '../../src/backend/talent/values/languages.ts';

const counted = <T>(read: (raw: string) => T) => {
  const calls: string[] = [];
  return {
    calls,
    read: (raw: string) => {
      calls.push(raw);
      return read(raw);
    },
  };
};

describe('cell memo', () => {
  it('reads a repeated cell once, and shares its frozen result', () => {
    const memo = new CellMemo();
    const { calls, read } = counted(parseLanguageList);
    const cells = [
      'Hin & Eng',
      'Marathi (fluent), Hindi',
      'Hin & Eng',
      'Hin & Eng',
      'Marathi (fluent), Hindi',
    ];
    const results = cells.map((c) => memo.read('languages', c, read));
    expect(calls).toEqual(['Hin & Eng', 'Marathi (fluent), Hindi']);
    expect(results).toEqual(cells.map(parseLanguageList));
    expect(results[2]).toBe(results[0]);
    // Shared, so frozen to the last object: a caller that changed one row's languages would throw, not
    // change every other row's.
    expect(Object.isFrozen(results[0])).toBe(true);
    expect(Object.isFrozen(results[0]![0])).toBe(true);
    expect(() => (results[0]![0]! as { fluency: number }).fluency++).toThrow(TypeError);
  });

  it('keeps each field apart, undefined results included', () => {
    const memo = new CellMemo();
    const gender = (raw: string) => (raw === 'F' ? 'female' : undefined);
    expect(memo.read('gender', 'F', gender)).toBe('female');
    expect(memo.read('gender', 'X', gender)).toBeUndefined();
    expect(memo.read('availability', 'F', () => 'free')).toBe('free');
    expect(memo.read('gender', 'X', () => 'wrong')).toBeUndefined();
  });

  it('stops memoising a field whose cells rarely repeat, and still reads every cell right', () => {
    const memo = new CellMemo(100);
    const unique = counted((raw: string) => raw.toUpperCase());
    const few = counted((raw: string) => raw.length);
    for (let i = 0; i < 1000; i++) {
      expect(memo.read('skills', `skill ${i}`, unique.read)).toBe(`SKILL ${i}`);
      expect(memo.read('heightCm', `${150 + (i % 50)} cm`, few.read)).toBe(6);
    }
    expect(unique.calls).toHaveLength(1000);
    // 50 distinct heights fit: read once each, whatever the other field did.
    expect(few.calls).toHaveLength(50);
    // Off: a repeat is read again (and not frozen).
    expect(memo.read('skills', 'skill 1', unique.read)).toBe('SKILL 1');
    expect(unique.calls).toHaveLength(1001);
  });
});
