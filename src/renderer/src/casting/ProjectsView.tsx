import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { GENDER_LABELS, GENDERS } from '../../../shared/talent.ts';
import { call, errorMessage, onEvent } from '../api.ts';
import { useToasts } from '../ui/Toasts.tsx';
import { ShortlistBoard } from './ShortlistBoard.tsx';

function NewProjectForm({ onCreated }: { onCreated: (id: string) => void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const p = await call('projects.create', { name });
      setName('');
      setError(null);
      onCreated(p.id);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form onSubmit={submit} aria-label="New project" style={{ marginBottom: 12 }}>
      <label htmlFor={`${id}-name`} className="sr-only">
        Project name
      </label>
      <input
        id={`${id}-name`}
        className="input"
        placeholder="New project name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        aria-invalid={error ? true : undefined}
      />
      {error && <div className="field-error">{error}</div>}
      <button type="submit" className="btn small" style={{ marginTop: 6 }}>
        Create project
      </button>
    </form>
  );
}

function NewRoleForm({ projectId, onCreated }: { projectId: string; onCreated: (id: string) => void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [gender, setGender] = useState('');
  const [ageMin, setAgeMin] = useState('');
  const [ageMax, setAgeMax] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await call('roles.create', {
        projectId,
        name,
        gender: (gender || null) as (typeof GENDERS)[number] | null,
        ageMin: ageMin ? Number(ageMin) : null,
        ageMax: ageMax ? Number(ageMax) : null,
      });
      setName('');
      setError(null);
      onCreated(r.id);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form onSubmit={submit} aria-label="New role" style={{ marginBottom: 12, display: 'grid', gap: 6 }}>
      <label>
        <span className="sr-only">Role name</span>
        <input
          className="input"
          placeholder="New role, e.g. PRIYA"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label htmlFor={`${id}-g`} className="sr-only">
        Role gender
      </label>
      <select id={`${id}-g`} className="input" value={gender} onChange={(e) => setGender(e.target.value)}>
        <option value="">Any gender</option>
        {GENDERS.map((g) => (
          <option key={g} value={g}>
            {GENDER_LABELS[g]}
          </option>
        ))}
      </select>
      <div className="range">
        <input
          className="input"
          aria-label="Role age from"
          placeholder="age from"
          value={ageMin}
          onChange={(e) => setAgeMin(e.target.value)}
        />
        <input
          className="input"
          aria-label="Role age to"
          placeholder="to"
          value={ageMax}
          onChange={(e) => setAgeMax(e.target.value)}
        />
      </div>
      {error && <div className="field-error">{error}</div>}
      <button type="submit" className="btn small">
        Create role
      </button>
    </form>
  );
}

/** Projects → roles → each role's shortlist board. */
export function ProjectsView() {
  const qc = useQueryClient();
  const toasts = useToasts();
  const [projectId, setProjectId] = useState<string | null>(null);
  const [roleId, setRoleId] = useState<string | null>(null);
  const projects = useQuery({ queryKey: ['projects.list'], queryFn: () => call('projects.list', {}) });
  const roles = useQuery({
    queryKey: ['roles.list', projectId],
    queryFn: () => call('roles.list', { projectId: projectId! }),
    enabled: Boolean(projectId),
  });
  useEffect(
    () =>
      onEvent((e) => {
        if (e === 'casting.changed') void qc.invalidateQueries({ queryKey: ['roles.list'] });
      }),
    [qc],
  );
  const role = roles.data?.find((r) => r.id === roleId) ?? null;
  return (
    <div className="projects">
      <nav className="column-list" aria-label="Projects">
        <h2>Projects</h2>
        <NewProjectForm
          onCreated={(id) => {
            void qc.invalidateQueries({ queryKey: ['projects.list'] });
            setProjectId(id);
            setRoleId(null);
          }}
        />
        {projects.data?.map((p) => (
          <button
            type="button"
            key={p.id}
            className="list-item"
            aria-current={p.id === projectId}
            onClick={() => {
              setProjectId(p.id);
              setRoleId(null);
            }}
          >
            {p.name}
            <small>{p.roleCount} roles</small>
          </button>
        ))}
        {projects.data?.length === 0 && <p style={{ color: 'var(--muted)' }}>No projects yet.</p>}
      </nav>
      <nav className="column-list" aria-label="Roles">
        <h2>Roles</h2>
        {projectId ? (
          <>
            <NewRoleForm
              projectId={projectId}
              onCreated={(id) => {
                void qc.invalidateQueries({ queryKey: ['roles.list', projectId] });
                void qc.invalidateQueries({ queryKey: ['projects.list'] });
                setRoleId(id);
                toasts.show('Role created');
              }}
            />
            {roles.data?.map((r) => (
              <button
                type="button"
                key={r.id}
                className="list-item"
                aria-current={r.id === roleId}
                onClick={() => setRoleId(r.id)}
              >
                {r.name}
                <small>
                  {[
                    r.gender ? GENDER_LABELS[r.gender] : null,
                    r.ageMin != null ? `${r.ageMin}–${r.ageMax ?? ''}` : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}{' '}
                  · {r.shortlistCount} shortlisted
                </small>
              </button>
            ))}
          </>
        ) : (
          <p style={{ color: 'var(--muted)' }}>Choose a project.</p>
        )}
      </nav>
      <section
        style={{ overflow: 'auto', minWidth: 0 }}
        aria-label={role ? `Shortlist for ${role.name}` : 'Shortlist'}
      >
        {role ? (
          <ShortlistBoard role={role} />
        ) : (
          <div className="empty">
            <h2>Shortlists</h2>
            <p>Choose a role to see its shortlist. Add people from the talent browser with “+ Shortlist”.</p>
          </div>
        )}
      </section>
    </div>
  );
}
