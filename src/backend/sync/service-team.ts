// The office's people and devices (admin.ts) and the feed of remote changes (activity.ts), as the sync service
// serves them: the team is read from the server when it can be, else from the last list read; the feed names the
// person behind each change from that list, reading it again once when the feed names a device it does not know.
import { AppError } from '../../shared/errors.ts';
import type { ActivityEntryView, TeamView } from '../../shared/sync/desktop-api.ts';
import type { Role } from '../../shared/sync/protocol.ts';
import type { AppDatabase } from '../store/db.ts';
import { listActivity } from './activity.ts';
import { cachedTeam, devicesOf, fetchTeam, peopleByDevice, teamView, updateMember } from './admin.ts';
import { type Session, Unreachable } from './auth.ts';

/** What the team and feed need of the service: its database, the signed-in session and office. */
export interface TeamContext {
  db: AppDatabase;
  session: Session | null;
  signedIn: boolean;
  officeId: string | null;
  deviceId: string;
  now: () => number;
  log: (message: string, err?: unknown) => void;
}

export interface ActivityFilter {
  projectId?: string;
  userId?: string;
  table?: string;
  rowId?: string;
  overwrittenOnly?: boolean;
  limit?: number;
  beforeId?: number;
}

/** The team from the server; offline, the last list read, with a message saying so. */
export async function readTeam(x: TeamContext): Promise<TeamView> {
  if (!x.signedIn || !x.officeId) throw new AppError('SYNC_NOT_SIGNED_IN', 'Sign in to see the team.');
  const cached = cachedTeam(x.db, x.officeId);
  if (!x.session) return teamView(cached, x.deviceId, 'Not connected: showing the last list read.');
  try {
    return teamView(await fetchTeam(x.db, x.session, x.officeId, x.now()), x.deviceId, null);
  } catch (e) {
    if (e instanceof Unreachable)
      return teamView(cached, x.deviceId, `Offline: showing the last list read. ${e.message}`);
    throw e;
  }
}

export async function changeMember(
  x: TeamContext,
  change: { userId: string; role?: Role; disabled?: boolean },
): Promise<TeamView> {
  if (!x.session || !x.officeId) throw new AppError('SYNC_NOT_SIGNED_IN', 'Sign in to change the team.');
  return teamView(await updateMember(x.db, x.session, x.officeId, change, x.now()), x.deviceId, null);
}

/** The feed, with names from the team list (read again, best effort, when it names a device it does not know). */
export async function readActivity(
  x: TeamContext,
  f: ActivityFilter,
): Promise<{ items: ActivityEntryView[] }> {
  let team = cachedTeam(x.db, x.officeId);
  const filter = {
    projectId: f.projectId,
    table: f.table,
    rowId: f.rowId,
    openOverwritesOnly: f.overwrittenOnly,
    limit: f.limit,
    beforeId: f.beforeId,
  };
  const read = () =>
    listActivity(x.db, {
      ...filter,
      deviceIds: f.userId === undefined ? undefined : devicesOf(team, f.userId),
    });
  let items = read();
  const people = peopleByDevice(team);
  if (items.some((e) => e.deviceId !== null && !people.has(e.deviceId)) && x.session && x.officeId) {
    try {
      team = await fetchTeam(x.db, x.session, x.officeId, x.now());
      items = read();
    } catch (e) {
      x.log('team list could not be read for the activity feed', e);
    }
  }
  const names = peopleByDevice(team);
  return {
    items: items.map((e) => ({
      ...e,
      person: e.deviceId === null ? null : (names.get(e.deviceId) ?? null),
    })),
  };
}
