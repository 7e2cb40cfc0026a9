/**
 * Counts of an import as a small table (one row per count, the label as its row header) so assistive
 * technology reads "Imported, 12"; styled as tiles.
 */
export function Counts({
  label,
  rows,
  className,
}: {
  label: string;
  rows: { label: string; value: number; tone?: 'ok' | 'warn' | 'bad' }[];
  className: string;
}) {
  return (
    <table className={className} aria-label={label}>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label} className={r.tone && r.value > 0 ? r.tone : undefined}>
            <th scope="row">{r.label}</th>
            <td>{r.value.toLocaleString('en-IN')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
