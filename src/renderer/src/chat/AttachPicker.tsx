// "Attach…": pick context for the next message — a talent (searched as you type), a role or its shortlist
// (project, then role), or a script analysis.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { Attachment } from '../../../shared/chat.ts';
import { call } from '../api.ts';
import { ProjectSelect, useProjectRoles } from '../casting/ProjectSelect.tsx';
import { Modal } from '../ui/Modal.tsx';
import { KIND_LABEL } from './Message.tsx';

type Kind = Attachment['kind'];

export function AttachPicker({ onPick, onClose }: { onPick: (a: Attachment) => void; onClose: () => void }) {
  const [kind, setKind] = useState<Kind>('talent');
  return (
    <Modal title="Attach context" onClose={onClose}>
      <div className="chat-tabs" role="tablist" aria-label="What to attach">
        {(['talent', 'role', 'shortlist', 'script'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={kind === k}
            className="btn"
            onClick={() => setKind(k)}
          >
            {KIND_LABEL[k]}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={KIND_LABEL[kind]} className="attach-panel">
        {kind === 'talent' && <TalentTab onPick={onPick} />}
        {(kind === 'role' || kind === 'shortlist') && <RoleTab kind={kind} onPick={onPick} />}
        {kind === 'script' && <ScriptTab onPick={onPick} />}
      </div>
    </Modal>
  );
}

function TalentTab({ onPick }: { onPick: (a: Attachment) => void }) {
  const id = useId();
  const [text, setText] = useState('');
  const results = useQuery({
    queryKey: ['chat.attach.talent', text],
    queryFn: () => call('talent.search', { text, limit: 20, withTotal: false }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <label htmlFor={id}>Find talent</label>
      <input
        id={id}
        className="input"
        type="search"
        value={text}
        autoComplete="off"
        placeholder="Name, skill, language, city…"
        onChange={(e) => setText(e.target.value)}
      />
      <ul className="pick-list" aria-label="Talent to attach">
        {results.data?.items.map((t) => {
          const name = t.stageName ?? t.fullName;
          return (
            <li key={t.id}>
              <button
                type="button"
                className="list-item"
                onClick={() => onPick({ kind: 'talent', id: t.id, label: name })}
              >
                {name}
                <small>{[t.city, t.languages.slice(0, 3).join(', ')].filter(Boolean).join(' · ')}</small>
              </button>
            </li>
          );
        })}
      </ul>
      {results.data?.items.length === 0 && <p className="chat-muted">No one matches.</p>}
    </>
  );
}

function RoleTab({ kind, onPick }: { kind: 'role' | 'shortlist'; onPick: (a: Attachment) => void }) {
  const id = useId();
  const picker = useProjectRoles();
  const { projects, projectId, roles } = picker;
  if (projects.data?.length === 0) return <p className="chat-muted">There are no projects yet.</p>;
  return (
    <>
      <label htmlFor={id}>Project</label>
      <ProjectSelect id={id} picker={picker} />
      {projectId && (
        <ul className="pick-list" aria-label="Roles">
          {roles.data?.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                className="list-item"
                onClick={() =>
                  onPick({
                    kind,
                    id: r.id,
                    label: kind === 'shortlist' ? `${r.name} shortlist` : r.name,
                  })
                }
              >
                {kind === 'shortlist' ? `Shortlist for ${r.name}` : r.name}
                <small>
                  {kind === 'shortlist' ? `${r.shortlistCount} shortlisted` : (r.description ?? '')}
                </small>
              </button>
            </li>
          ))}
          {roles.data?.length === 0 && <li className="chat-muted">This project has no roles.</li>}
        </ul>
      )}
    </>
  );
}

/** Analysed scripts (newest first); Claude receives the analysis' cast list. */
function ScriptTab({ onPick }: { onPick: (a: Attachment) => void }) {
  const scripts = useQuery({ queryKey: ['script.list'], queryFn: () => call('script.list', {}) });
  if (scripts.error) return <p role="alert">{(scripts.error as Error).message}</p>;
  if (scripts.data?.length === 0)
    return <p className="chat-muted">No scripts yet. Add a screenplay on the Scripts screen first.</p>;
  return (
    <ul className="pick-list" aria-label="Scripts">
      {scripts.data?.map((sc) => (
        <li key={sc.id}>
          <button
            type="button"
            className="list-item"
            onClick={() => onPick({ kind: 'script', id: sc.id, label: sc.title || sc.fileName })}
          >
            {sc.title || sc.fileName}
            <small>
              {sc.fileName} · {sc.pages} {sc.pages === 1 ? 'page' : 'pages'}
            </small>
          </button>
        </li>
      ))}
    </ul>
  );
}
