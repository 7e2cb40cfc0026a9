// Settings → Team: the sync server's address; create an office, join one with an invite code, or sign in; who is
// signed in with which role; sign out (asking first when changes have not been sent); admins make invite codes.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { SYNC_UNSENT_CHANGES, type SyncStatusView } from '../../../shared/sync/desktop-api.ts';
import { ApiError, call, errorMessage } from '../api.ts';
import { useToasts } from '../ui/Toasts.tsx';
import { ActivityPanel } from './ActivityPanel.tsx';
import { JoinDuplicates } from './JoinDuplicates.tsx';
import { SyncProblems } from './SyncProblems.tsx';
import { UsersTable } from './UsersTable.tsx';
import { formatTime, ROLE_LABELS, SYNC_STATUS_KEY, useSyncStatus } from './useSyncStatus.ts';
import './sync.css';

function useSetStatus() {
  const qc = useQueryClient();
  return (s: SyncStatusView) => qc.setQueryData(SYNC_STATUS_KEY, s);
}

export function TeamSettings() {
  const s = useSyncStatus();
  return (
    <>
      <h3>Team</h3>
      {s && (
        <>
          <ServerUrl s={s} />
          {s.user ? <SignedIn s={s} /> : s.serverUrl && <SignInForms s={s} />}
          {s.user && <JoinDuplicates />}
          {s.user && (
            <fieldset className="settings-group">
              <legend>Sync problems</legend>
              <SyncProblems />
            </fieldset>
          )}
          {s.user && (
            <fieldset className="settings-group">
              <legend>People and devices</legend>
              <UsersTable myUserId={s.user.id} isAdmin={s.user.role === 'admin'} />
            </fieldset>
          )}
          {s.user && (
            <fieldset className="settings-group">
              <legend>Activity</legend>
              <ActivityPanel />
            </fieldset>
          )}
        </>
      )}
    </>
  );
}

function ServerUrl({ s }: { s: SyncStatusView }) {
  const id = useId();
  const setStatus = useSetStatus();
  const toasts = useToasts();
  const [url, setUrl] = useState(s.serverUrl ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => call('sync.configure', { serverUrl: url }),
    onSuccess: (v) => {
      setStatus(v);
      setError(null);
      toasts.show('Sync server saved');
    },
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <fieldset className="settings-group">
      <legend>Sync server</legend>
      <form
        aria-label="Sync server"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <label htmlFor={id}>Server address</label>
        <div className="actions">
          <input
            id={id}
            className="input"
            type="url"
            placeholder="https://sync.your-office.in"
            value={url}
            disabled={s.user !== null}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setUrl(e.target.value)}
          />
          <button type="submit" className="btn" disabled={save.isPending || s.user !== null}>
            Save server
          </button>
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        {s.user && <p className="chat-muted">Sign out to change the server.</p>}
      </form>
    </fieldset>
  );
}

type Field = { name: string; label: string; type?: string; autoComplete?: string };

/** One small form posting its fields to a sign-in method; the error is shown beside it. */
function AccountForm(props: {
  title: string;
  fields: Field[];
  submit: string;
  run: (values: Record<string, string>) => Promise<SyncStatusView>;
}) {
  const id = useId();
  const setStatus = useSetStatus();
  const toasts = useToasts();
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const go = useMutation({
    mutationFn: () => props.run(values),
    onSuccess: (v) => {
      setStatus(v);
      toasts.show(`Signed in to ${v.office?.name ?? 'the office'}`);
    },
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <form
      aria-label={props.title}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        setError(null);
        go.mutate();
      }}
    >
      <h4>{props.title}</h4>
      {props.fields.map((f) => (
        <label key={f.name} htmlFor={`${id}-${f.name}`}>
          {f.label}
          <input
            id={`${id}-${f.name}`}
            className="input"
            type={f.type ?? 'text'}
            autoComplete={f.autoComplete ?? 'off'}
            value={values[f.name] ?? ''}
            onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
          />
        </label>
      ))}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="btn primary" disabled={go.isPending}>
          {go.isPending ? 'Please wait…' : props.submit}
        </button>
      </div>
    </form>
  );
}

const EMAIL: Field = { name: 'email', label: 'Email', type: 'email', autoComplete: 'username' };
const PASSWORD: Field = {
  name: 'password',
  label: 'Password',
  type: 'password',
  autoComplete: 'current-password',
};
const NEW_PASSWORD: Field = {
  name: 'password',
  label: 'Password (at least 10 characters)',
  type: 'password',
  autoComplete: 'new-password',
};
const NAME: Field = { name: 'displayName', label: 'Your name', autoComplete: 'name' };

function SignInForms({ s }: { s: SyncStatusView }) {
  const v = (r: Record<string, string>, k: string) => r[k] ?? '';
  return (
    <fieldset className="settings-group team-forms">
      <legend>Your office</legend>
      {s.message && (
        <p className="chat-banner warn inline" role="note">
          {s.message}
        </p>
      )}
      <AccountForm
        title="Sign in"
        fields={[EMAIL, PASSWORD]}
        submit="Sign in"
        run={(r) => call('sync.signIn', { email: v(r, 'email'), password: v(r, 'password') })}
      />
      <AccountForm
        title="Join an office"
        fields={[{ name: 'code', label: 'Invite code' }, NAME, EMAIL, NEW_PASSWORD]}
        submit="Join office"
        run={(r) =>
          call('sync.join', {
            code: v(r, 'code'),
            displayName: v(r, 'displayName'),
            email: v(r, 'email'),
            password: v(r, 'password'),
          })
        }
      />
      <AccountForm
        title="Create an office"
        fields={[{ name: 'officeName', label: 'Office name' }, NAME, EMAIL, NEW_PASSWORD]}
        submit="Create office"
        run={(r) =>
          call('sync.createOffice', {
            officeName: v(r, 'officeName'),
            displayName: v(r, 'displayName'),
            email: v(r, 'email'),
            password: v(r, 'password'),
          })
        }
      />
      <p className="chat-muted">
        Creating an office uploads this computer’s profiles, projects and scripts into it. Joining or signing
        in to an office for the first time asks first: upload them into it, or start from the office’s data.
      </p>
    </fieldset>
  );
}

function SignedIn({ s }: { s: SyncStatusView }) {
  const setStatus = useSetStatus();
  const toasts = useToasts();
  const [unsent, setUnsent] = useState<string | null>(null);
  const out = useMutation({
    mutationFn: (force: boolean) => call('sync.signOut', { force }),
    onSuccess: (v) => {
      setStatus(v);
      setUnsent(null);
      toasts.show('Signed out');
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === SYNC_UNSENT_CHANGES) setUnsent(e.message);
      else toasts.show(errorMessage(e), { kind: 'error' });
    },
  });
  const now = useMutation({
    mutationFn: () => call('sync.now', {}),
    onSuccess: setStatus,
    onError: (e) => toasts.show(errorMessage(e), { kind: 'error' }),
  });
  const sendFirst = useMutation({
    mutationFn: async () => {
      const after = await call('sync.now', {});
      if (after.unsent > 0)
        throw new Error(after.message ?? `${after.unsent} changes could not be sent yet.`);
      return call('sync.signOut', {});
    },
    onSuccess: (v) => {
      setStatus(v);
      setUnsent(null);
      toasts.show('Changes sent; signed out');
    },
    onError: (e) => setUnsent(`${errorMessage(e)} Try again when online, or sign out anyway.`),
  });
  const u = s.user!;
  return (
    <fieldset className="settings-group">
      <legend>Signed in</legend>
      <p role="status" aria-label="Signed in as">
        {u.displayName} ({u.email}) · {ROLE_LABELS[u.role] ?? u.role} · {s.office?.name ?? 'your office'}
      </p>
      <p className="chat-muted">
        Last sync {formatTime(s.lastSyncAt)} · {s.unsent.toLocaleString()} unsent · {s.problems} problem
        {s.problems === 1 ? '' : 's'}
        {s.message ? ` · ${s.message}` : ''}
      </p>
      {s.readOnly && (
        <p className="chat-banner warn inline" role="note">
          You are a viewer: you can read the office’s data, but the server does not accept changes from you.
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn" disabled={now.isPending} onClick={() => now.mutate()}>
          {now.isPending ? 'Syncing…' : 'Sync now'}
        </button>
        <button
          type="button"
          className="btn danger"
          disabled={out.isPending}
          onClick={() => out.mutate(false)}
        >
          Sign out
        </button>
      </div>
      {unsent && (
        <div role="alertdialog" aria-label="Unsent changes" className="chat-banner warn inline">
          <p>{unsent}</p>
          <div className="actions">
            <button
              type="button"
              className="btn primary"
              disabled={sendFirst.isPending}
              onClick={() => sendFirst.mutate()}
            >
              Send them first
            </button>
            <button
              type="button"
              className="btn danger"
              disabled={out.isPending}
              onClick={() => out.mutate(true)}
            >
              Sign out anyway
            </button>
            <button type="button" className="btn" onClick={() => setUnsent(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {u.role === 'admin' && <Invite />}
    </fieldset>
  );
}

function Invite() {
  const id = useId();
  const [role, setRole] = useState<'admin' | 'casting_director' | 'assistant' | 'viewer'>('assistant');
  const toasts = useToasts();
  const invite = useMutation({
    mutationFn: () => call('sync.invite', { role }),
    onError: (e) => toasts.show(errorMessage(e), { kind: 'error' }),
  });
  return (
    <div className="team-invite">
      <h4>Invite someone</h4>
      <div className="actions">
        <label htmlFor={id}>Role for the new member</label>
        <select
          id={id}
          className="input"
          value={role}
          onChange={(e) => setRole(e.target.value as typeof role)}
        >
          {Object.entries(ROLE_LABELS).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
        <button type="button" className="btn" disabled={invite.isPending} onClick={() => invite.mutate()}>
          Create invite code
        </button>
      </div>
      {invite.data && (
        <p role="status" aria-label="Invite code">
          Invite code <b>{invite.data.code}</b> ({ROLE_LABELS[invite.data.role]}), valid until{' '}
          {new Date(invite.data.expiresAt).toLocaleString()}. Give it to the new member; it works once.
        </p>
      )}
    </div>
  );
}
