import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../api.ts';

/** The office's projects, the one chosen, and that project's roles: for any "pick a role" control. */
export function useProjectRoles(initialProjectId = '') {
  const projects = useQuery({ queryKey: ['projects.list'], queryFn: () => call('projects.list', {}) });
  const [projectId, setProjectId] = useState(initialProjectId);
  const roles = useQuery({
    queryKey: ['roles.list', projectId],
    queryFn: () => call('roles.list', { projectId }),
    enabled: Boolean(projectId),
  });
  return { projects, projectId, setProjectId, roles };
}

/** A labelled-by-its-caller select of the office's projects. */
export function ProjectSelect(props: {
  id: string;
  picker: ReturnType<typeof useProjectRoles>;
  onChange?: (projectId: string) => void;
}) {
  const { projects, projectId, setProjectId } = props.picker;
  return (
    <select
      id={props.id}
      className="input"
      value={projectId}
      onChange={(e) => {
        setProjectId(e.target.value);
        props.onChange?.(e.target.value);
      }}
    >
      <option value="">Choose a project…</option>
      {projects.data?.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </select>
  );
}
