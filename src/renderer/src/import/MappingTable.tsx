// The file's columns, each with the profile field it goes to, over the first rows as read — so the user
// sees at once whether names, dates and phones landed where they should.
import {
  type ColumnMapping,
  IMPORT_FIELD_LABELS,
  IMPORT_FIELDS,
  type ImportField,
  type ImportPreview,
} from '../../../shared/talent-import.ts';

export function MappingTable({
  preview,
  mapping,
  onChange,
}: {
  preview: ImportPreview;
  mapping: ColumnMapping;
  onChange: (mapping: ColumnMapping) => void;
}) {
  return (
    <div style={{ overflow: 'auto', maxHeight: 320 }}>
      <table className="data" aria-label="Columns and the first rows">
        <thead>
          <tr>
            {preview.headers.map((h, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
              <th key={i} scope="col">
                <div>{h || `Column ${i + 1}`}</div>
                <select
                  className="input"
                  aria-label={`Field for column ${h || i + 1}`}
                  value={mapping[String(i)] ?? ''}
                  onChange={(e) =>
                    onChange({ ...mapping, [String(i)]: (e.target.value || null) as ImportField | null })
                  }
                >
                  <option value="">Ignore</option>
                  {IMPORT_FIELDS.map((f) => (
                    <option key={f} value={f}>
                      {IMPORT_FIELD_LABELS[f]}
                    </option>
                  ))}
                </select>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.sampleRows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: sample rows are positional
            <tr key={i}>
              {preview.headers.map((_, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                <td key={j}>{r[j]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
