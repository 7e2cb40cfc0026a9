// The sync.* methods of the contract (src/shared/sync/desktop-api.ts), handled by the one SyncService.
import type { SyncService } from '../sync/service.ts';
import type { Handlers } from './dispatch.ts';

type SyncHandlers = Pick<Handlers, Extract<keyof Handlers, `sync.${string}`>>;

export function createSyncHandlers(sync: SyncService): SyncHandlers {
  return {
    'sync.status': () => sync.status(),
    'sync.configure': ({ serverUrl }) => sync.configure(serverUrl),
    'sync.createOffice': (input) => sync.createOffice(input),
    'sync.join': (input) => sync.join(input),
    'sync.signIn': (input) => sync.signIn(input),
    'sync.signOut': ({ force }) => sync.signOut(force === true),
    'sync.now': () => sync.syncNow(),
    'sync.invite': ({ role }) => sync.invite(role),
    'sync.problems.list': () => sync.listProblems(),
    'sync.problems.retry': (key) => sync.retryProblem(key),
    'sync.problems.discard': (key) => sync.discardProblem(key),
    'sync.team.list': () => sync.team(),
    'sync.team.update': (change) => sync.updateMember(change),
    'sync.activity.list': (filter) => sync.listActivity(filter),
    'sync.activity.resolve': ({ id, restore }) => sync.resolveActivity(id, restore),
    'sync.firstJoin.choose': ({ choice }) => sync.chooseFirstJoin(choice),
    'sync.firstJoin.cancel': () => sync.cancelFirstJoin(),
    'sync.firstJoin.duplicates': ({ dismiss }) => sync.joinDuplicates(dismiss === true),
  };
}
