import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  AVAILABILITY_LABELS,
  FLUENCY_LABELS,
  GENDER_LABELS,
  type Talent,
  type TalentInput,
} from '../../../shared/talent.ts';
import { call, errorMessage, onEvent } from '../api.ts';
import { HeadshotDropZone } from '../headshots/DropZone.tsx';
import { HeadshotGallery } from '../headshots/HeadshotGallery.tsx';
import { OverwriteNotice } from '../sync/OverwriteNotice.tsx';
import { ReadOnlyNote, useCanEdit } from '../ui/can-edit.tsx';
import { useToasts } from '../ui/Toasts.tsx';
import { ageRange, displayName } from './format.ts';
import { ProfileForm } from './ProfileForm.tsx';

function Facts({ t }: { t: Talent }) {
  const rows: [string, string | null][] = [
    ['Gender', t.gender ? GENDER_LABELS[t.gender] : null],
    ['Date of birth', t.dateOfBirth],
    ['Playing age', ageRange(t) || null],
    ['Height', t.heightCm ? `${t.heightCm} cm` : null],
    ['Build', t.build],
    ['Languages', t.languages.map((l) => `${l.language} (${FLUENCY_LABELS[l.fluency]})`).join(', ') || null],
    ['Dialects', t.dialects.join(', ') || null],
    ['Skills', t.skills.join(', ') || null],
    ['City', [t.city, t.homeState].filter(Boolean).join(', ') || null],
    ['Phone', t.phone],
    ['Email', t.email],
    ['Agency', [t.agency, t.agentName, t.agentPhone].filter(Boolean).join(' · ') || null],
    ['Union', [t.unionName, t.unionNumber].filter(Boolean).join(' ') || null],
    ['Availability', AVAILABILITY_LABELS[t.availability]],
    ['Rating', t.rating != null ? '★'.repeat(t.rating) + '☆'.repeat(5 - t.rating) : null],
    ['Tags', t.tags.join(', ') || null],
  ];
  return (
    <dl className="facts">
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}

/** The side panel: a profile to read, edit or delete (with undo), or a blank form for a new one. */
export function ProfilePanel(props: {
  id: string | null;
  creating: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
  onShortlist: (t: { id: string; fullName: string }) => void;
}) {
  const qc = useQueryClient();
  const toasts = useToasts();
  const [editing, setEditing] = useState(false);
  const { canEdit, reason } = useCanEdit();
  const talent = useQuery({
    queryKey: ['talent.get', props.id],
    queryFn: () => call('talent.get', { id: props.id! }),
    enabled: Boolean(props.id) && !props.creating,
  });

  // A change from elsewhere (sync, another window, Claude) to the open profile shows at once.
  const openId = props.id;
  useEffect(
    () =>
      onEvent((event, payload) => {
        if (event !== 'talent.changed' || !openId) return;
        const ids = (payload as { ids?: string[] }).ids;
        if (!ids || ids.includes(openId)) void qc.invalidateQueries({ queryKey: ['talent.get', openId] });
      }),
    [qc, openId],
  );

  const refresh = (t?: Talent) => {
    if (t) qc.setQueryData(['talent.get', t.id], t);
    void qc.invalidateQueries({ queryKey: ['talent.search'] });
    void qc.invalidateQueries({ queryKey: ['talent.facets'] });
  };

  if (props.creating) {
    return (
      <section className="panel" aria-label="New profile">
        <h2>New profile</h2>
        <ProfileForm
          talent={null}
          onCancel={props.onClose}
          onSave={async (input: TalentInput) => {
            const t = await call('talent.create', input);
            refresh(t);
            toasts.show(`Added ${displayName(t)}`);
            props.onCreated(t.id);
          }}
        />
      </section>
    );
  }
  if (!props.id) return null;
  const t = talent.data;
  const remove = async () => {
    if (!t) return;
    try {
      await call('talent.delete', { id: t.id });
      refresh();
      props.onClose();
      toasts.show(`Deleted ${displayName(t)}`, {
        action: {
          label: 'Undo',
          run: () =>
            void call('talent.restore', { id: t.id })
              .then((r) => {
                refresh(r);
                toasts.show(`Restored ${displayName(r)}`);
              })
              .catch((e) => toasts.show(errorMessage(e), { kind: 'error' })),
        },
      });
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    }
  };
  return (
    <HeadshotDropZone
      target={{ mode: 'profile', talentId: props.id }}
      targetName={t ? displayName(t) : null}
      className="hs-profile-drop"
    >
      <section className="panel" aria-label={t ? `Profile of ${displayName(t)}` : 'Profile'}>
        {talent.isLoading && (
          <output className="skeleton" style={{ display: 'block', height: 320 }}>
            <span className="sr-only">Loading profile…</span>
          </output>
        )}
        {talent.error && <p role="alert">{errorMessage(talent.error)}</p>}
        {t && !editing && (
          <>
            <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'start' }}>
              <div>
                <h2>{displayName(t)}</h2>
                {t.stageName && <div>{t.fullName}</div>}
                {t.nativeName && <div style={{ color: 'var(--muted)' }}>{t.nativeName}</div>}
                {/* Other spellings kept when duplicates were merged: search finds the person by each. */}
                {t.aliases?.length ? (
                  <div style={{ color: 'var(--muted)' }}>Also known as {t.aliases.join(', ')}</div>
                ) : null}
              </div>
              <button type="button" className="btn" onClick={props.onClose} aria-label="Close profile">
                ×
              </button>
            </div>
            <OverwriteNotice table="talent" rowId={t.id} name={displayName(t)} />
            <HeadshotGallery talentId={t.id} name={displayName(t)} />
            <Facts t={t} />
            {t.showreelUrl && (
              <p>
                <a href={t.showreelUrl} target="_blank" rel="noreferrer">
                  Showreel
                </a>
              </p>
            )}
            {t.notes && <p style={{ whiteSpace: 'pre-wrap' }}>{t.notes}</p>}
            <ReadOnlyNote />
            <div className="actions">
              <button
                type="button"
                className="btn primary"
                disabled={!canEdit}
                title={reason ?? undefined}
                onClick={() => setEditing(true)}
              >
                Edit profile
              </button>
              <button
                type="button"
                className="btn"
                disabled={!canEdit}
                title={reason ?? undefined}
                onClick={() => props.onShortlist({ id: t.id, fullName: displayName(t) })}
              >
                Add to shortlist
              </button>
              <button
                type="button"
                className="btn danger"
                disabled={!canEdit}
                title={reason ?? undefined}
                onClick={remove}
              >
                Delete profile
              </button>
            </div>
          </>
        )}
        {t && editing && (
          <>
            <h2>Edit {displayName(t)}</h2>
            <ProfileForm
              talent={t}
              onCancel={() => setEditing(false)}
              onSave={async (input) => {
                const updated = await call('talent.update', { id: t.id, patch: input });
                refresh(updated);
                setEditing(false);
                toasts.show(`Saved ${displayName(updated)}`);
              }}
            />
          </>
        )}
      </section>
    </HeadshotDropZone>
  );
}
