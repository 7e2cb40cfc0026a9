// Forms for projects and roles: create, and edit in place (rename, details, status).
import { type FormEvent, useId, useState } from 'react';
import { PROJECT_STATUSES, type Project, ROLE_STATUSES, type Role } from '../../../shared/casting.ts';
import { GENDER_LABELS, GENDERS } from '../../../shared/talent.ts';
import { call, errorMessage } from '../api.ts';

const PROJECT_STATUS_LABELS: Record<Project['status'], string> = {
  active: 'Active',
  on_hold: 'On hold',
  wrapped: 'Wrapped',
};
const ROLE_STATUS_LABELS: Record<Role['status'], string> = {
  open: 'Open',
  casting: 'Casting',
  cast: 'Cast',
  cut: 'Cut',
};

export function NewProjectForm({ onCreated }: { onCreated: (id: string) => void }) {
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

export function EditProjectForm({ project, onDone }: { project: Project; onDone: () => void }) {
  const id = useId();
  const [name, setName] = useState(project.name);
  const [description, setDescription] = useState(project.description ?? '');
  const [status, setStatus] = useState(project.status);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await call('projects.update', {
        id: project.id,
        patch: { name, description: description || null, status },
      });
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form className="inline-edit" onSubmit={submit} aria-label={`Edit project ${project.name}`}>
      <label htmlFor={`${id}-n`}>Project name</label>
      <input id={`${id}-n`} className="input" value={name} onChange={(e) => setName(e.target.value)} />
      <label htmlFor={`${id}-d`}>Description</label>
      <textarea
        id={`${id}-d`}
        className="input"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <label htmlFor={`${id}-s`}>Project status</label>
      <select
        id={`${id}-s`}
        className="input"
        value={status}
        onChange={(e) => setStatus(e.target.value as Project['status'])}
      >
        {PROJECT_STATUSES.map((s) => (
          <option key={s} value={s}>
            {PROJECT_STATUS_LABELS[s]}
          </option>
        ))}
      </select>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
      <div className="item-actions">
        <button type="submit" className="btn small primary">
          Save project
        </button>
        <button type="button" className="btn small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

interface RoleFields {
  name: string;
  gender: string;
  ageMin: string;
  ageMax: string;
  description: string;
  status: Role['status'];
}

const toNumber = (s: string) => (s.trim() === '' ? null : Number(s));

/** The role form: new (no `role`) or editing one in place. */
export function RoleForm({
  projectId,
  role,
  onDone,
}: {
  projectId: string;
  role?: Role;
  onDone: (id: string | null) => void;
}) {
  const id = useId();
  const [f, setF] = useState<RoleFields>({
    name: role?.name ?? '',
    gender: role?.gender ?? '',
    ageMin: role?.ageMin?.toString() ?? '',
    ageMax: role?.ageMax?.toString() ?? '',
    description: role?.description ?? '',
    status: role?.status ?? 'open',
  });
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof RoleFields) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ages = [toNumber(f.ageMin), toNumber(f.ageMax)];
    if (ages.some((a) => a != null && (!Number.isInteger(a) || a < 0 || a > 120))) {
      setError('Ages must be whole numbers from 0 to 120');
      return;
    }
    const fields = {
      name: f.name,
      gender: (f.gender || null) as (typeof GENDERS)[number] | null,
      ageMin: ages[0],
      ageMax: ages[1],
      description: f.description || null,
    };
    try {
      if (role) {
        await call('roles.update', { id: role.id, patch: { ...fields, status: f.status } });
        onDone(role.id);
      } else {
        const r = await call('roles.create', { projectId, ...fields });
        setF({ ...f, name: '', ageMin: '', ageMax: '', description: '' });
        onDone(r.id);
      }
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const what = role ? `role ${role.name}` : 'new role';
  return (
    <form
      onSubmit={submit}
      aria-label={role ? `Edit role ${role.name}` : 'New role'}
      className={role ? 'inline-edit' : undefined}
      style={role ? undefined : { marginBottom: 12, display: 'grid', gap: 6 }}
    >
      <label htmlFor={`${id}-n`} className={role ? undefined : 'sr-only'}>
        Role name
      </label>
      <input
        id={`${id}-n`}
        className="input"
        placeholder="New role, e.g. PRIYA"
        value={f.name}
        onChange={set('name')}
      />
      <label htmlFor={`${id}-g`} className="sr-only">
        Role gender
      </label>
      <select id={`${id}-g`} className="input" value={f.gender} onChange={set('gender')}>
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
          placeholder="from"
          inputMode="numeric"
          value={f.ageMin}
          onChange={set('ageMin')}
        />
        <input
          className="input"
          aria-label="Role age to"
          placeholder="to"
          inputMode="numeric"
          value={f.ageMax}
          onChange={set('ageMax')}
        />
      </div>
      {role && (
        <>
          <label htmlFor={`${id}-d`}>Description</label>
          <textarea id={`${id}-d`} className="input" value={f.description} onChange={set('description')} />
          <label htmlFor={`${id}-s`}>Role status</label>
          <select id={`${id}-s`} className="input" value={f.status} onChange={set('status')}>
            {ROLE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ROLE_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </>
      )}
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
      <div className="item-actions">
        <button
          type="submit"
          className="btn small primary"
          aria-label={role ? `Save ${what}` : 'Create role'}
        >
          {role ? 'Save role' : 'Create role'}
        </button>
        {role && (
          <button type="button" className="btn small" onClick={() => onDone(null)}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
