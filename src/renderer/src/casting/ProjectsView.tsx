import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Project, Role, ShortlistEntry } from '../../../shared/casting.ts';
import { GENDER_LABELS } from '../../../shared/talent.ts';
import { call, errorMessage } from '../api.ts';
import { HeadshotImportProvider } from '../headshots/ImportProvider.tsx';
import { displayName } from '../talent/format.ts';
import { ProfilePanel } from '../talent/ProfilePanel.tsx';
import { useToasts } from '../ui/Toasts.tsx';
import { AuditionSchedule } from './AuditionSchedule.tsx';
import { EditProjectForm, NewProjectForm, RoleForm } from './CastingEditors.tsx';
import { type CompareItem, CompareView } from './CompareView.tsx';
import { ScheduleForm, type ScheduleRequest } from './ScheduleForm.tsx';
import { ShortlistBoard } from './ShortlistBoard.tsx';
import './casting.css';

type Tab = 'shortlist' | 'auditions';

/** Projects → roles → each role's shortlist board and the project's audition schedule. */
export function ProjectsView() {
  const qc = useQueryClient();
  const toasts = useToasts();
  const [projectId, setProjectId] = useState<string | null>(null);
  const [roleId, setRoleId] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('shortlist');
  const [editing, setEditing] = useState<string | null>(null);
  const [profile, setProfile] = useState<string | null>(null);
  const [compare, setCompare] = useState<CompareItem[] | null>(null);
  const [schedule, setSchedule] = useState<ScheduleRequest | null>(null);
  const projects = useQuery({ queryKey: ['projects.list'], queryFn: () => call('projects.list', {}) });
  const roles = useQuery({
    queryKey: ['roles.list', projectId],
    queryFn: () => call('roles.list', { projectId: projectId! }),
    enabled: Boolean(projectId),
  });
  const project = projects.data?.find((p) => p.id === projectId) ?? null;
  const role = roles.data?.find((r) => r.id === roleId) ?? null;
  const refetch = () => {
    void qc.invalidateQueries({ queryKey: ['projects.list'] });
    void qc.invalidateQueries({ queryKey: ['roles.list'] });
  };

  const undoable = async (what: string, del: () => Promise<unknown>, restore: () => Promise<unknown>) => {
    try {
      await del();
      refetch();
      toasts.show(`Deleted ${what}`, {
        action: {
          label: 'Undo',
          run: () =>
            void restore()
              .then(() => {
                refetch();
                toasts.show(`Restored ${what}`);
              })
              .catch((e: unknown) => toasts.show(errorMessage(e), { kind: 'error' })),
        },
      });
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    }
  };
  const deleteProject = (p: Project) => {
    if (p.id === projectId) {
      setProjectId(null);
      setRoleId(null);
    }
    void undoable(
      `project ${p.name}`,
      () => call('projects.delete', { id: p.id }),
      () => call('projects.restore', { id: p.id }),
    );
  };
  const deleteRole = (r: Role) => {
    if (r.id === roleId) setRoleId(null);
    void undoable(
      `role ${r.name}`,
      () => call('roles.delete', { id: r.id }),
      () => call('roles.restore', { id: r.id }),
    );
  };
  const onCompare = (entries: ShortlistEntry[]) =>
    setCompare(entries.map((e) => ({ talentId: e.talent.id, notes: e.notes, rating: e.rating })));
  const onSchedule = (e: ShortlistEntry) =>
    role &&
    setSchedule({
      talentId: e.talent.id,
      talentName: displayName(e.talent),
      roleId: role.id,
      roleName: role.name,
    });

  return (
    <div className="projects casting">
      <nav className="column-list" aria-label="Projects">
        <h2>Projects</h2>
        <NewProjectForm
          onCreated={(id) => {
            refetch();
            setProjectId(id);
            setRoleId(null);
          }}
        />
        {projects.data?.map((p) =>
          editing === p.id ? (
            <EditProjectForm
              key={p.id}
              project={p}
              onDone={() => {
                setEditing(null);
                refetch();
              }}
            />
          ) : (
            <div className="item-row" key={p.id}>
              <button
                type="button"
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
              <span className="item-actions">
                <button
                  type="button"
                  className="btn small"
                  aria-label={`Edit project ${p.name}`}
                  onClick={() => setEditing(p.id)}
                >
                  Edit
                </button>
                <button
                  type="button"
                  className="btn small"
                  aria-label={`Delete project ${p.name}`}
                  onClick={() => deleteProject(p)}
                >
                  ×
                </button>
              </span>
            </div>
          ),
        )}
        {projects.data?.length === 0 && <p style={{ color: 'var(--muted)' }}>No projects yet.</p>}
      </nav>
      <nav className="column-list" aria-label="Roles">
        <h2>Roles</h2>
        {projectId ? (
          <>
            <RoleForm
              projectId={projectId}
              onDone={(id) => {
                refetch();
                if (id) setRoleId(id);
                toasts.show('Role created');
              }}
            />
            {roles.data?.map((r) =>
              editing === r.id ? (
                <RoleForm
                  key={r.id}
                  projectId={projectId}
                  role={r}
                  onDone={() => {
                    setEditing(null);
                    refetch();
                  }}
                />
              ) : (
                <div className="item-row" key={r.id}>
                  <button
                    type="button"
                    className="list-item"
                    aria-current={r.id === roleId}
                    onClick={() => setRoleId(r.id)}
                  >
                    {r.name}
                    <small>
                      {[
                        r.gender ? GENDER_LABELS[r.gender] : null,
                        r.ageMin != null ? `${r.ageMin}–${r.ageMax ?? ''}` : null,
                        `${r.shortlistCount} shortlisted`,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </small>
                  </button>
                  <span className="item-actions">
                    <button
                      type="button"
                      className="btn small"
                      aria-label={`Edit role ${r.name}`}
                      onClick={() => setEditing(r.id)}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="btn small"
                      aria-label={`Delete role ${r.name}`}
                      onClick={() => deleteRole(r)}
                    >
                      ×
                    </button>
                  </span>
                </div>
              ),
            )}
          </>
        ) : (
          <p style={{ color: 'var(--muted)' }}>Choose a project.</p>
        )}
      </nav>
      <section
        className="casting-main"
        aria-label={role ? `Casting for ${role.name}` : project ? `Casting for ${project.name}` : 'Shortlist'}
      >
        {project ? (
          <>
            <div className="casting-head">
              <h2>{role ? `${project.name} · ${role.name}` : project.name}</h2>
              {role?.description && <span className="muted">— {role.description}</span>}
              <span className="spacer" />
              <div className="tabs" role="tablist" aria-label="Casting views">
                {(['shortlist', 'auditions'] as const).map((t) => (
                  <button
                    key={t}
                    type="button"
                    role="tab"
                    className="btn small"
                    aria-selected={tab === t}
                    onClick={() => setTab(t)}
                  >
                    {t === 'shortlist' ? 'Shortlist' : 'Auditions'}
                  </button>
                ))}
              </div>
            </div>
            {tab === 'auditions' ? (
              <AuditionSchedule
                key={`${project.id}-${roleId}`}
                projectId={project.id}
                roles={roles.data ?? []}
                initialRoleId={roleId}
                onOpenProfile={setProfile}
              />
            ) : role ? (
              <ShortlistBoard
                role={role}
                onOpenProfile={setProfile}
                onCompare={onCompare}
                onSchedule={onSchedule}
              />
            ) : (
              <div className="empty">
                <h2>Shortlists</h2>
                <p>Choose a role to see its shortlist, or open Auditions for the whole project.</p>
              </div>
            )}
          </>
        ) : (
          <div className="empty">
            <h2>Shortlists</h2>
            <p>Choose a project and a role. Add people from the talent browser with “+ Shortlist”.</p>
          </div>
        )}
      </section>
      {profile && (
        <HeadshotImportProvider>
          <div className="casting-profile">
            <ProfilePanel
              key={profile}
              id={profile}
              creating={false}
              onClose={() => setProfile(null)}
              onCreated={() => {}}
              onShortlist={() => toasts.show('Add people to other roles from the Talent screen')}
            />
          </div>
        </HeadshotImportProvider>
      )}
      {compare && <CompareView items={compare} onClose={() => setCompare(null)} />}
      {schedule && <ScheduleForm req={schedule} onClose={() => setSchedule(null)} />}
    </div>
  );
}
