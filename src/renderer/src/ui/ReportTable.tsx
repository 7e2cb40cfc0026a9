import type { ReactNode } from 'react';

/**
 * A read-only table of what happened to each row or file in an import report. Rows are keyed by position:
 * the same file can be listed twice (dropped twice), and reports never reorder.
 */
export function ReportTable<T>(props: {
  label: string;
  caption?: string;
  columns: { header: string; cell: (item: T) => ReactNode; className?: string }[];
  items: readonly T[];
}) {
  return (
    <table className="data" aria-label={props.label}>
      {props.caption && <caption>{props.caption}</caption>}
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th key={c.header} scope="col">
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.items.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: report rows have no identity of their own (see above)
          <tr key={i}>
            {props.columns.map((c) => (
              <td key={c.header} className={c.className}>
                {c.cell(item)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
