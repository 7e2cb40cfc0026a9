// Cells repeat: a 100k-row agency sheet holds a few hundred distinct playing ages, heights, cities and
// language lists. Each distinct cell of such a column is read once per import and its result shared, frozen,
// by every row that has it. A column whose cells rarely repeat (skills lists typed freely) stops being
// memoised once its cache fills with more misses than hits: hashing every cell would then cost more than
// it saves (profiled on 100k rows with 31k distinct skills lists).

const LIMIT = 10_000;

interface FieldCache {
  values: Map<string, unknown>;
  hits: number;
  misses: number;
  off: boolean;
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

export class CellMemo {
  private readonly fields = new Map<string, FieldCache>();
  private readonly limit: number;

  constructor(limit = LIMIT) {
    this.limit = limit;
  }

  /** `read(raw)`, from the cache when this field has had that cell before. `read` must be pure. */
  read<T>(field: string, raw: string, read: (raw: string) => T): T {
    let f = this.fields.get(field);
    if (!f) {
      f = { values: new Map(), hits: 0, misses: 0, off: false };
      this.fields.set(field, f);
    }
    if (f.off) return read(raw);
    const hit = f.values.get(raw);
    if (hit !== undefined || f.values.has(raw)) {
      f.hits++;
      return hit as T;
    }
    f.misses++;
    if (f.values.size >= this.limit) {
      f.values.clear();
      if (f.hits < f.misses) {
        f.off = true;
        return read(raw);
      }
      f.hits = 0;
      f.misses = 0;
    }
    const v = deepFreeze(read(raw));
    f.values.set(raw, v);
    return v;
  }
}
