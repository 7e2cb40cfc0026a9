// The sync status the UI shows (SyncStatusView, the status bar and Settings → Team), from the loop's state, and
// what a finished run changes in it (its reason and message): pure functions of what the loop knows, so the order
// of the checks (no server, signed out, first join, syncing, an error that needs the user, offline, online) and the
// words the user reads are in one place.
import type { FirstJoinView, SyncProgressView, SyncStatusView } from '../../shared/sync/desktop-api.ts';
import type { SyncReport } from './run-report.ts';
import { CLOCK_MESSAGE, OUTDATED_MESSAGE, type StoredConfig } from './service-config.ts';

export interface LoopState {
  config: StoredConfig;
  hasSession: boolean;
  running: boolean;
  net: 'unknown' | 'up' | 'down';
  message: string | null;
  reason: string | null;
  /** Outbox entries waiting. */
  unsent: number;
  /** Refused cells and blobs (problems.ts, blob-problems.ts). */
  problems: number;
  progress: SyncProgressView | null;
  /** Asked only in the first-join state (it counts what this desktop holds). */
  firstJoin: () => FirstJoinView;
}

/** Reasons that need the user (the status is 'error' until they act). */
const NEEDS_USER = new Set(['clock_drift', 'outdated', 'forbidden']);

export function statusView(s: LoopState): SyncStatusView {
  const c = s.config;
  const state = !c.serverUrl
    ? 'off'
    : !c.signedIn || !s.hasSession
      ? 'signedOut'
      : c.firstJoin
        ? 'firstJoin'
        : s.running
          ? 'syncing'
          : s.reason !== null && NEEDS_USER.has(s.reason)
            ? 'error'
            : s.net === 'down'
              ? 'offline'
              : 'online';
  const viewer = c.signedIn && c.user?.role === 'viewer';
  return {
    state,
    serverUrl: c.serverUrl,
    office: c.officeId ? { id: c.officeId, name: c.officeName } : null,
    user: c.signedIn ? c.user : null,
    unsent: s.unsent,
    problems: s.problems,
    lastSyncAt: c.lastSyncAt,
    message:
      s.message ??
      (viewer && s.unsent > 0
        ? 'You are a viewer: changes made on this computer stay here; the office does not take them.'
        : null),
    reason: s.reason,
    readOnly: viewer,
    firstJoin: c.firstJoin && c.signedIn && s.hasSession ? s.firstJoin() : null,
    progress: s.progress,
  };
}

/** The loop's fields a finished run sets; a field left out keeps its value. */
export interface RunStatus {
  net?: 'up' | 'down';
  reason?: string | null;
  message?: string | null;
}

export function offlineStatus(message: string): Required<RunStatus> {
  return {
    net: 'down',
    reason: 'offline',
    message: `Offline: ${message} Changes are kept and sent when the server is back.`,
  };
}

/**
 * What a run's report means for the status, for every state but signed_out and server_behind (the loop acts on
 * those). A server that was found behind keeps saying so after the runs that resend this desktop's data.
 */
export function statusAfterRun(report: SyncReport, o: { viewer: boolean; reason: string | null }): RunStatus {
  switch (report.state) {
    case 'idle': {
      if (o.reason === 'server_behind') return { net: 'up' };
      const held = report.heldCells;
      if (held === 0) return { net: 'up', reason: null, message: null };
      return {
        net: 'up',
        reason: 'blobs_waiting',
        message: `${held} change${held === 1 ? ' waits' : 's wait'} for files the sync server could not store yet (a server error); they are sent again shortly.`,
      };
    }
    case 'offline':
      return offlineStatus(report.message ?? 'The sync server could not be reached.');
    case 'clock_drift':
      return { net: 'up', reason: 'clock_drift', message: CLOCK_MESSAGE };
    case 'outdated':
      return { reason: 'outdated', message: OUTDATED_MESSAGE };
    case 'forbidden':
      return {
        reason: 'forbidden',
        message: o.viewer
          ? 'Viewers can read the office’s data but not change it: your changes here stay on this computer.'
          : `The sync server refused this desktop: ${report.message ?? 'forbidden'}`,
      };
    default:
      return {};
  }
}
