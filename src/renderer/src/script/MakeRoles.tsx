// "Make roles": chosen characters become roles of a project, with their introduction and age/gender hints.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { ScriptAnalysis } from '../../../shared/script.ts';
import { GENDER_LABELS } from '../../../shared/talent.ts';
import { call, errorMessage } from '../api.ts';
import { Modal } from '../ui/Modal.tsx';
import { useToasts } from '../ui/Toasts.tsx';
import { ageText } from './format.ts';

interface Candidate {
  name: string;
  facts: string;
  age: string;
  gender: string;
  intro: string | null;
}

function candidates(a: ScriptAnalysis): Candidate[] {
  return [
    ...a.characters.map((c) => ({
      name: c.name,
      facts: `${c.speeches} speeches, ${c.scenes.length} scenes`,
      age: ageText(c.age),
      gender: c.gender ? GENDER_LABELS[c.gender.value] : '',
      intro: c.intro,
    })),
    ...a.silent.map((s) => ({
      name: s.name,
      facts: 'silent',
      age: ageText(s.age),
      gender: s.gender ? GENDER_LABELS[s.gender.value] : '',
      intro: s.intro,
    })),
  ];
}

export function MakeRolesDialog({
  scriptId,
  analysis,
  preselect,
  defaultProjectId,
  onClose,
}: {
  scriptId: string;
  analysis: ScriptAnalysis;
  preselect: string[];
  defaultProjectId: string | null;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const toasts = useToasts();
  const projects = useQuery({ queryKey: ['projects.list'], queryFn: () => call('projects.list', {}) });
  const all = candidates(analysis);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(preselect));
  const [projectId, setProjectId] = useState<string>(defaultProjectId ?? 'new');
  const [newName, setNewName] = useState(analysis.title);
  const [error, setError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: () =>
      call('script.makeRoles', {
        scriptId,
        ...(projectId === 'new' ? { newProjectName: newName } : { projectId }),
        characters: all.filter((c) => chosen.has(c.name)).map((c) => ({ name: c.name })),
      }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['projects.list'] });
      void qc.invalidateQueries({ queryKey: ['roles.list'] });
      void qc.invalidateQueries({ queryKey: ['script.list'] });
      const made = `${r.roles.length} ${r.roles.length === 1 ? 'role' : 'roles'}`;
      toasts.show(
        `Created ${made} in ${r.project.name}${r.skipped.length ? ` (already there: ${r.skipped.join(', ')})` : ''}`,
      );
      onClose();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (chosen.size === 0) return setError('Choose at least one character.');
    if (projectId === 'new' && !newName.trim()) return setError('Name the new project.');
    run.mutate();
  };
  const toggle = (name: string, on: boolean) =>
    setChosen((s) => {
      const n = new Set(s);
      if (on) n.add(name);
      else n.delete(name);
      return n;
    });
  return (
    <Modal title="Make roles from characters" onClose={onClose}>
      <form onSubmit={submit} className="make-roles">
        <div className="make-roles-project">
          <label>
            Project
            <select className="input" value={projectId} onChange={(e) => setProjectId(e.target.value)}>
              <option value="new">New project…</option>
              {projects.data?.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          {projectId === 'new' && (
            <label>
              New project name
              <input
                className="input"
                value={newName}
                maxLength={200}
                onChange={(e) => setNewName(e.target.value)}
              />
            </label>
          )}
        </div>
        <div className="actions">
          <button
            type="button"
            className="btn small"
            onClick={() => setChosen(new Set(all.map((c) => c.name)))}
          >
            Choose all
          </button>
          <button type="button" className="btn small" onClick={() => setChosen(new Set())}>
            Choose none
          </button>
        </div>
        <fieldset className="make-roles-list">
          <legend>Characters</legend>
          {all.map((c) => (
            <label key={c.name} className="make-roles-item">
              <input
                type="checkbox"
                checked={chosen.has(c.name)}
                onChange={(e) => toggle(c.name, e.target.checked)}
              />
              <span className="make-roles-name">{c.name}</span>
              <span className="muted">
                {[c.facts, c.age && `age ${c.age}`, c.gender].filter(Boolean).join(' · ')}
              </span>
              {c.intro && <span className="make-roles-intro">{c.intro}</span>}
            </label>
          ))}
        </fieldset>
        {error && (
          <div role="alert" className="field-error">
            {error}
          </div>
        )}
        <div className="actions">
          <button type="submit" className="btn primary" disabled={run.isPending || chosen.size === 0}>
            {run.isPending
              ? 'Creating roles…'
              : `Create ${chosen.size} ${chosen.size === 1 ? 'role' : 'roles'}`}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
