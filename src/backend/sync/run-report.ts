// What a sync run ends in (SyncClient.sync): the state it stopped in, what it moved, and the Stop that ends a run
// early with such a state. A server answer that is not a success maps to a state here (docs/SYNC.md, "Errors").
import type { Outcome } from './json-request.ts';

export type SyncState =
  | 'idle'
  | 'offline'
  /** The server refused a timestamp from the future: this computer's clock must be corrected. Pushing stops. */
  | 'clock_drift'
  /** Sign-in expired and could not be refreshed; the outbox is kept. */
  | 'signed_out'
  | 'forbidden'
  /** The server needs a newer app. */
  | 'outdated'
  /** The server is behind this desktop's cursor (restored from a backup): local data is kept. */
  | 'server_behind';

export interface SyncReport {
  state: SyncState;
  message?: string;
  pushedCells: number;
  pulledCells: number;
  /** Cells the server refused (kept in sync_parked with the reason). */
  rejectedCells: number;
  /** Cells left in the outbox for a later run: the blob they name could not be stored yet (a server error). */
  heldCells: number;
}

/** Ends a run in `state` (thrown inside the client, caught by its run). */
export class Stop extends Error {
  readonly state: SyncState;
  constructor(state: SyncState, message: string) {
    super(message);
    this.state = state;
  }
}

/** The state a request that did not succeed leaves the run in. */
export function stopFor(out: Exclude<Outcome, { kind: 'ok' }>): Stop {
  if (out.kind === 'network') return new Stop('offline', out.message);
  if (out.status === 401) return new Stop('signed_out', out.message);
  if (out.status === 403) return new Stop('forbidden', out.message);
  if (out.status === 426) return new Stop('outdated', out.message);
  if (out.status === 409) return new Stop('server_behind', out.message);
  return new Stop('offline', `${out.status} ${out.code}: ${out.message}`);
}
