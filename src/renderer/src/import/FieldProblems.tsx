// The people imported with a field left empty, one line per unreadable cell, filterable by column and by
// text so an office can work through "all the bad dates" or "everything about Meher" at once.
import { useId, useMemo, useState } from 'react';
import type { FieldProblem } from '../../../shared/talent-import.ts';
import { formatCount } from '../talent/format.ts';
import { ReportTable } from '../ui/ReportTable.tsx';

export function FieldProblems({ problems, total }: { problems: readonly FieldProblem[]; total: number }) {
  const id = useId();
  const [column, setColumn] = useState('');
  const [text, setText] = useState('');
  const columns = useMemo(() => {
    const counts = new Map<string, number>();
    for (const p of problems) counts.set(p.column, (counts.get(p.column) ?? 0) + 1);
    return [...counts].sort((a, b) => a[0].localeCompare(b[0]));
  }, [problems]);
  const shown = useMemo(() => {
    const needle = text.trim().toLocaleLowerCase();
    return problems.filter(
      (p) =>
        (!column || p.column === column) &&
        (!needle || `${p.name}\n${p.value}\n${p.why}`.toLocaleLowerCase().includes(needle)),
    );
  }, [problems, column, text]);
  return (
    <>
      <div className="form-grid">
        <div>
          <label htmlFor={`${id}-column`}>Show problems in column</label>
          <select
            id={`${id}-column`}
            className="input"
            value={column}
            onChange={(e) => setColumn(e.target.value)}
          >
            <option value="">All columns ({formatCount(problems.length)})</option>
            {columns.map(([c, n]) => (
              <option key={c} value={c}>
                {c} ({formatCount(n)})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-text`}>Find a person or problem</label>
          <input
            id={`${id}-text`}
            className="input"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
      </div>
      <p role="status">
        {shown.length === problems.length
          ? `${formatCount(problems.length)} field problem${problems.length === 1 ? '' : 's'}`
          : `Showing ${formatCount(shown.length)} of ${formatCount(problems.length)} field problems`}
        {total > problems.length &&
          ` (the first ${formatCount(problems.length)} of ${formatCount(total)}; the saved CSV has every row)`}
      </p>
      <div style={{ overflow: 'auto', maxHeight: 300 }}>
        <ReportTable
          label="Field problems"
          items={shown}
          columns={[
            { header: 'Row', cell: (p) => p.row },
            { header: 'Name', cell: (p) => p.name },
            { header: 'Column', cell: (p) => p.column },
            { header: 'Value', cell: (p) => p.value },
            { header: 'Why', cell: (p) => p.why },
          ]}
        />
      </div>
    </>
  );
}
