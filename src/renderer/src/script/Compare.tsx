// What changed for casting between two drafts: roles added or cut, speech counts up or down.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { CastChange } from '../../../shared/script.ts';
import type { DraftDiff, ScriptSummary } from '../../../shared/script-api.ts';
import { call, errorMessage } from '../api.ts';

function ChangeTable({
  caption,
  rows,
  kind,
}: {
  caption: string;
  rows: CastChange[];
  kind: 'added' | 'cut' | 'moved';
}) {
  if (rows.length === 0) return null;
  return (
    <table className="script-table compare-table">
      <caption>
        {caption} ({rows.length})
      </caption>
      <thead>
        <tr>
          <th scope="col">Character</th>
          <th scope="col">Speeches</th>
          <th scope="col">Words</th>
          <th scope="col">Scenes</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name}>
            <th scope="row">{r.name}</th>
            <td>
              {kind === 'added'
                ? r.speechesAfter
                : kind === 'cut'
                  ? r.speechesBefore
                  : `${r.speechesBefore} → ${r.speechesAfter} (${r.speechesAfter > r.speechesBefore ? '+' : ''}${r.speechesAfter - r.speechesBefore})`}
            </td>
            <td>
              {kind === 'moved'
                ? `${r.wordsBefore} → ${r.wordsAfter}`
                : kind === 'added'
                  ? r.wordsAfter
                  : r.wordsBefore}
            </td>
            <td>
              {kind === 'moved'
                ? `${r.scenesBefore} → ${r.scenesAfter}`
                : kind === 'added'
                  ? r.scenesAfter
                  : r.scenesBefore}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DiffView({ diff }: { diff: DraftDiff }) {
  const c = diff.comparison;
  const nothing = c.added.length + c.cut.length + c.grew.length + c.shrank.length === 0;
  return (
    <section className="diff" aria-label="Draft changes">
      <p>
        <strong>{diff.before.fileName}</strong> → <strong>{diff.after.fileName}</strong>: pages{' '}
        {c.pagesBefore} → {c.pagesAfter}, scenes {c.scenesBefore} → {c.scenesAfter}.{' '}
        <span role="status">
          {nothing
            ? 'No casting changes.'
            : `${c.added.length} added, ${c.cut.length} cut, ${c.grew.length} with more speeches, ${c.shrank.length} with fewer.`}
        </span>
      </p>
      <ChangeTable caption="Roles added" rows={c.added} kind="added" />
      <ChangeTable caption="Roles cut" rows={c.cut} kind="cut" />
      <ChangeTable caption="More speeches" rows={c.grew} kind="moved" />
      <ChangeTable caption="Fewer speeches" rows={c.shrank} kind="moved" />
      {c.unchanged.length > 0 && <p className="muted">Unchanged: {c.unchanged.join(', ')}</p>}
    </section>
  );
}

export function ComparePanel({
  script,
  scripts,
  initial,
}: {
  script: ScriptSummary;
  scripts: ScriptSummary[];
  initial: DraftDiff | null;
}) {
  const others = scripts.filter((s) => s.id !== script.id);
  const [otherId, setOtherId] = useState<string>(
    initial?.before.id === script.id
      ? (initial?.after.id ?? '')
      : (initial?.before.id ?? others[0]?.id ?? ''),
  );
  const [direction, setDirection] = useState<'other-first' | 'this-first'>(
    initial?.before.id === script.id ? 'this-first' : 'other-first',
  );
  // Until the user picks, the first other script (the list may arrive after the first render).
  const chosen = others.some((s) => s.id === otherId) ? otherId : (others[0]?.id ?? '');
  const q = useQuery({
    queryKey: ['script.compare', chosen, script.id, direction],
    enabled: Boolean(chosen),
    queryFn: () =>
      call(
        'script.compare',
        direction === 'other-first'
          ? { beforeId: chosen, afterId: script.id }
          : { beforeId: script.id, afterId: chosen },
      ),
  });
  if (others.length === 0)
    return <p className="muted">Open another draft of this script to see what changed for casting.</p>;
  return (
    <div className="compare">
      <div className="compare-head">
        <label>
          Compare with{' '}
          <select className="input" value={chosen} onChange={(e) => setOtherId(e.target.value)}>
            {others.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title} — {s.fileName}
              </option>
            ))}
          </select>
        </label>
        <label>
          Which is newer{' '}
          <select
            className="input"
            value={direction}
            onChange={(e) => setDirection(e.target.value as typeof direction)}
          >
            <option value="other-first">This draft is newer</option>
            <option value="this-first">The other draft is newer</option>
          </select>
        </label>
      </div>
      {q.isError && <div role="alert">{errorMessage(q.error)}</div>}
      {q.data && <DiffView diff={q.data} />}
    </div>
  );
}
