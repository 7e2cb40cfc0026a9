import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { call, errorMessage } from '../api.ts';
import { Modal } from '../ui/Modal.tsx';
import { useToasts } from '../ui/Toasts.tsx';
import { ProjectSelect, useProjectRoles } from './ProjectSelect.tsx';

export interface PickedTalent {
  id: string;
  fullName: string;
}

// The last project and role picked: a casting day is spent adding people to the same role, so the picker
// opens on it (and quietly forgets it when that project or role is gone).
const LAST_KEY = 'castmatch.lastShortlist';
function readLast(): { projectId: string; roleId: string } {
  try {
    const v = JSON.parse(localStorage.getItem(LAST_KEY) ?? '{}') as { projectId?: unknown; roleId?: unknown };
    return {
      projectId: typeof v.projectId === 'string' ? v.projectId : '',
      roleId: typeof v.roleId === 'string' ? v.roleId : '',
    };
  } catch {
    return { projectId: '', roleId: '' };
  }
}

/** "Add to shortlist": choose a project and one of its roles, for one person or several selected cards. */
export function ShortlistPicker(props: {
  talent: PickedTalent | PickedTalent[];
  onClose: () => void;
  onAdded?: () => void;
}) {
  const id = useId();
  const qc = useQueryClient();
  const toasts = useToasts();
  const [last] = useState(readLast);
  const picker = useProjectRoles(last.projectId);
  const { projects, projectId, setProjectId, roles } = picker;
  const [roleId, setRoleId] = useState(last.roleId);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (projects.data && projectId && !projects.data.some((p) => p.id === projectId)) setProjectId('');
  }, [projects.data, projectId, setProjectId]);
  useEffect(() => {
    if (roles.data && roleId && !roles.data.some((r) => r.id === roleId)) setRoleId('');
  }, [roles.data, roleId]);
  const people = Array.isArray(props.talent) ? props.talent : [props.talent];
  const who = people.length === 1 ? (people[0]?.fullName ?? '') : `${people.length} people`;
  const add = async () => {
    setBusy(true);
    try {
      // One at a time: each add is its own small transaction and a duplicate is a no-op.
      for (const t of people) await call('shortlist.add', { roleId, talentId: t.id });
      localStorage.setItem(LAST_KEY, JSON.stringify({ projectId, roleId }));
      void qc.invalidateQueries({ queryKey: ['shortlist.get', roleId] });
      void qc.invalidateQueries({ queryKey: ['roles.list'] });
      const role = roles.data?.find((r) => r.id === roleId);
      toasts.show(`Shortlisted ${who} for ${role?.name ?? 'the role'}`);
      props.onAdded?.();
      props.onClose();
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={`Add ${who} to a shortlist`} onClose={props.onClose}>
      {projects.data?.length === 0 && <p>Create a project and a role first (Projects, in the sidebar).</p>}
      <div className="form-grid">
        <label htmlFor={`${id}-p`}>
          Project
          <ProjectSelect id={`${id}-p`} picker={picker} onChange={() => setRoleId('')} />
        </label>
        <label htmlFor={`${id}-r`}>
          Role
          <select
            id={`${id}-r`}
            className="input"
            value={roleId}
            disabled={!projectId}
            onChange={(e) => setRoleId(e.target.value)}
          >
            <option value="">Choose a role…</option>
            {roles.data?.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="actions">
        <button type="button" className="btn primary" disabled={!roleId || busy} onClick={add}>
          {busy ? 'Adding…' : 'Add to shortlist'}
        </button>
      </div>
    </Modal>
  );
}
