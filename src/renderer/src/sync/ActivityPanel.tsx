// Settings → Team → Activity: remote changes as this desktop received them (who changed which field of which
// record, when), newest first, filterable by project and by person; a change that replaced a value this desktop
// wrote shows that value with Restore.
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ActivityEntryView } from '../../../shared/sync/desktop-api.ts';
import { call, errorMessage } from '../api.ts';
import { useCanEdit } from '../ui/can-edit.tsx';
import { fieldLabel, valueText, whenText } from './activity-format.ts';
import { useActivity, useResolveOverwrite } from './useActivity.ts';

const TABLE_NOUNS: Record<string, string> = {
  talent: 'profile',
  project: 'project',
  role: 'role',
  shortlist_entry: 'shortlist entry',
  audition: 'audition',
  headshot: 'headshot',
  script: 'script',
  script_note: 'script note',
  memory: 'memory',
};

function summary(e: ActivityEntryView): string {
  const who = e.person?.displayName ?? 'Someone on another desktop';
  const what = `${TABLE_NOUNS[e.table] ?? e.table} ${e.label ?? '(no longer here)'}`;
  if (e.kind === 'created') return `${who} added the ${what}`;
  if (e.kind === 'deleted') return `${who} deleted the ${what}`;
  if (e.kind === 'restored') return `${who} restored the ${what}`;
  const fields = e.changes.map((c) => fieldLabel(c.column));
  return `${who} changed ${fields.join(', ') || 'details'} of the ${what}`;
}

export function ActivityPanel() {
  const projectSel = useId();
  const personSel = useId();
  const [projectId, setProjectId] = useState('');
  const [userId, setUserId] = useState('');
  // Its own key: a list read here must not stand in for the Projects screen's, which refreshes only while open.
  const projects = useQuery({
    queryKey: ['projects.list', 'activity'],
    queryFn: () => call('projects.list', {}),
  });
  const team = useQuery({ queryKey: ['sync.team.list'], queryFn: () => call('sync.team.list', {}) });
  const feed = useActivity({
    ...(projectId ? { projectId } : {}),
    ...(userId ? { userId } : {}),
    limit: 100,
  });
  const resolve = useResolveOverwrite();
  const { canEdit, reason } = useCanEdit();
  const items = feed.data?.items ?? [];
  return (
    <section aria-label="Activity" className="activity">
      <div className="actions">
        <label htmlFor={projectSel}>Project</label>
        <select
          id={projectSel}
          className="input"
          value={projectId}
          onChange={(e) => setProjectId(e.target.value)}
        >
          <option value="">All projects and profiles</option>
          {(projects.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <label htmlFor={personSel}>Person</label>
        <select id={personSel} className="input" value={userId} onChange={(e) => setUserId(e.target.value)}>
          <option value="">Everyone</option>
          {(team.data?.users ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {u.displayName}
            </option>
          ))}
        </select>
      </div>
      {feed.error && <p role="alert">{errorMessage(feed.error)}</p>}
      {feed.isSuccess && items.length === 0 && (
        <p className="chat-muted">
          No changes from other desktops{projectId || userId ? ' match these filters' : ' yet'}.
        </p>
      )}
      <ul aria-label="Recent changes" className="activity-list">
        {items.map((e) => (
          <li key={`${e.id}`}>
            <div>
              {summary(e)} · <time dateTime={new Date(e.at).toISOString()}>{whenText(e.at)}</time>
            </div>
            {e.kind === 'changed' && e.changes.length > 0 && (
              <ul className="activity-changes">
                {e.changes.map((c) => (
                  <li key={c.id}>
                    {fieldLabel(c.column)}: {valueText(c.value)}
                    {c.overwritten && (
                      <span className="activity-overwritten">
                        {' '}
                        — replaced your value <b>{valueText(c.overwritten.value)}</b>{' '}
                        <button
                          type="button"
                          className="btn small primary"
                          aria-label={`Restore your ${fieldLabel(c.column)} of ${e.label ?? 'this record'}`}
                          disabled={!canEdit || resolve.isPending}
                          title={reason ?? undefined}
                          onClick={() => resolve.mutate({ id: c.id, restore: true })}
                        >
                          Restore
                        </button>{' '}
                        <button
                          type="button"
                          className="btn small"
                          aria-label={`Keep the new ${fieldLabel(c.column)} of ${e.label ?? 'this record'}`}
                          disabled={resolve.isPending}
                          onClick={() => resolve.mutate({ id: c.id, restore: false })}
                        >
                          Keep theirs
                        </button>
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
