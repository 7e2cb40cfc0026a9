import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { call, errorMessage } from '../api.ts';
import { Modal } from '../ui/Modal.tsx';
import { useToasts } from '../ui/Toasts.tsx';
import { ProjectSelect, useProjectRoles } from './ProjectSelect.tsx';

/** "Add to shortlist": choose a project and one of its roles. */
export function ShortlistPicker(props: { talent: { id: string; fullName: string }; onClose: () => void }) {
  const id = useId();
  const qc = useQueryClient();
  const toasts = useToasts();
  const picker = useProjectRoles();
  const { projects, projectId, roles } = picker;
  const [roleId, setRoleId] = useState('');
  const add = async () => {
    try {
      await call('shortlist.add', { roleId, talentId: props.talent.id });
      void qc.invalidateQueries({ queryKey: ['shortlist.get', roleId] });
      void qc.invalidateQueries({ queryKey: ['roles.list'] });
      const role = roles.data?.find((r) => r.id === roleId);
      toasts.show(`Shortlisted ${props.talent.fullName} for ${role?.name ?? 'the role'}`);
      props.onClose();
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    }
  };
  return (
    <Modal title={`Add ${props.talent.fullName} to a shortlist`} onClose={props.onClose}>
      {projects.data?.length === 0 && <p>Create a project and a role first (Projects, in the sidebar).</p>}
      <div className="form-grid">
        <label htmlFor={`${id}-p`}>
          Project
          <ProjectSelect id={`${id}-p`} picker={picker} />
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
        <button type="button" className="btn primary" disabled={!roleId} onClick={add}>
          Add to shortlist
        </button>
      </div>
    </Modal>
  );
}
