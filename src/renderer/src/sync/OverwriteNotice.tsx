// On a record's panel: "Meher's phone was changed by Asha on 7 Dec, 11:02; your value: +91 98200 11111 [Restore]",
// for each field where a change from another desktop replaced a value this desktop wrote and no one answered yet.
import { useCanEdit } from '../ui/can-edit.tsx';
import { fieldLabel, valueText, whenText } from './activity-format.ts';
import { useActivity, useResolveOverwrite } from './useActivity.ts';
import { useSyncStatus } from './useSyncStatus.ts';

export function OverwriteNotice(props: { table: string; rowId: string; name: string }) {
  const s = useSyncStatus();
  const { canEdit, reason } = useCanEdit();
  const feed = useActivity(
    { table: props.table, rowId: props.rowId, overwrittenOnly: true },
    Boolean(s?.user),
  );
  const resolve = useResolveOverwrite();
  const notices = (feed.data?.items ?? []).flatMap((e) =>
    e.changes.filter((c) => c.overwritten).map((c) => ({ entry: e, change: c })),
  );
  if (notices.length === 0) return null;
  return (
    <ul className="overwrite-notices" aria-label="Your values changed by others">
      {notices.map(({ entry, change }) => {
        const field = fieldLabel(change.column);
        const who = entry.person?.displayName ?? 'another desktop';
        return (
          <li key={change.id} className="chat-banner warn inline">
            <span>
              {props.name}’s {field} was changed by {who} on {whenText(entry.at)} to {valueText(change.value)}
              ; your value: <b>{valueText(change.overwritten!.value)}</b>
            </span>
            <span className="actions">
              <button
                type="button"
                className="btn small primary"
                aria-label={`Restore your ${field}`}
                disabled={!canEdit || resolve.isPending}
                title={reason ?? undefined}
                onClick={() => resolve.mutate({ id: change.id, restore: true })}
              >
                Restore
              </button>
              <button
                type="button"
                className="btn small"
                aria-label={`Keep ${who}’s ${field}`}
                disabled={resolve.isPending}
                onClick={() => resolve.mutate({ id: change.id, restore: false })}
              >
                Keep theirs
              </button>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
