// Settings → Team → People and devices: everyone in the office with their role and the computers they signed in
// on. Admins change a role or disable an account here (not their own: the server keeps every office an admin).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TeamView } from '../../../shared/sync/desktop-api.ts';
import type { Role } from '../../../shared/sync/protocol.ts';
import { call, errorMessage } from '../api.ts';
import { useToasts } from '../ui/Toasts.tsx';
import { ROLE_LABELS } from './useSyncStatus.ts';

const TEAM_KEY = ['sync.team.list'] as const;

export function UsersTable(props: { myUserId: string; isAdmin: boolean }) {
  const qc = useQueryClient();
  const toasts = useToasts();
  // Someone may join or be disabled from another desktop: read again now and then, and on request.
  const team = useQuery({
    queryKey: TEAM_KEY,
    queryFn: () => call('sync.team.list', {}),
    refetchInterval: 60_000,
  });
  const update = useMutation({
    mutationFn: (v: { userId: string; role?: Role; disabled?: boolean }) => call('sync.team.update', v),
    onSuccess: (t: TeamView) => {
      qc.setQueryData(TEAM_KEY, t);
      toasts.show('Team updated');
    },
    onError: (e) => toasts.show(errorMessage(e), { kind: 'error' }),
  });
  if (team.error) return <p role="alert">{errorMessage(team.error)}</p>;
  const t = team.data;
  if (!t) return <p className="chat-muted">Loading the team…</p>;
  return (
    <>
      {t.message && (
        <p className="chat-banner warn inline" role="note">
          {t.message}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="btn small"
          disabled={team.isFetching}
          onClick={() => void team.refetch()}
        >
          {team.isFetching ? 'Reading the team…' : 'Refresh the team list'}
        </button>
      </div>
      <table className="team-table" aria-label="People and devices">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Account</th>
            <th scope="col">Devices</th>
          </tr>
        </thead>
        <tbody>
          {t.users.map((u) => {
            const me = u.id === props.myUserId;
            const devices = t.devices.filter((d) => d.userId === u.id);
            const editable = props.isAdmin && !me;
            return (
              <tr key={u.id}>
                <th scope="row">
                  {u.displayName}
                  {me ? ' (you)' : ''}
                  <div className="chat-muted">{u.email}</div>
                </th>
                <td>
                  {editable ? (
                    <select
                      className="input"
                      aria-label={`Role of ${u.displayName}`}
                      value={u.role}
                      disabled={update.isPending}
                      onChange={(e) => update.mutate({ userId: u.id, role: e.target.value as Role })}
                    >
                      {Object.entries(ROLE_LABELS).map(([k, label]) => (
                        <option key={k} value={k}>
                          {label}
                        </option>
                      ))}
                    </select>
                  ) : (
                    (ROLE_LABELS[u.role] ?? u.role)
                  )}
                </td>
                <td>
                  {u.disabled ? 'Disabled' : 'Active'}
                  {editable && (
                    <>
                      {' '}
                      <button
                        type="button"
                        className={`btn small${u.disabled ? '' : ' danger'}`}
                        disabled={update.isPending}
                        onClick={() => update.mutate({ userId: u.id, disabled: !u.disabled })}
                      >
                        {u.disabled ? `Enable ${u.displayName}` : `Disable ${u.displayName}`}
                      </button>
                    </>
                  )}
                </td>
                <td>
                  {devices.length === 0 ? (
                    <span className="chat-muted">none</span>
                  ) : (
                    <ul aria-label={`Devices of ${u.displayName}`} className="team-devices">
                      {devices.map((d) => (
                        <li key={d.deviceId}>
                          {d.deviceId === t.deviceId ? 'This computer' : d.deviceId} · last sign-in{' '}
                          {new Date(d.lastSeenAt).toLocaleDateString()}
                          {d.active ? '' : ' · signed out'}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
