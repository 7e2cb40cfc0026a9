// A backend on an in-memory office, with the events it emitted, for the casting tests.
import { type Backend, createBackend } from '../../src/backend/api/backend.ts';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/api.ts';

export interface TestBackend {
  backend: Backend;
  events: { event: string; payload: unknown }[];
  call<M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** The call's error code, or throws if it succeeded. */
  fail<M extends MethodName>(m: M, input: MethodInput<M>): Promise<{ code: string; message: string }>;
}

export async function testBackend(): Promise<TestBackend> {
  const backend = await createBackend({ dataDir: ':memory:', transport: 'browser', version: 't' });
  const events: TestBackend['events'] = [];
  backend.events.subscribe((event, payload) => events.push({ event, payload }));
  return {
    backend,
    events,
    async call(m, input) {
      const r = await backend.dispatch(m, input);
      if (!r.ok) throw new Error(`${m}: ${r.error.code} ${r.error.message}`);
      return r.value as never;
    },
    async fail(m, input) {
      const r = await backend.dispatch(m, input);
      if (r.ok) throw new Error(`${m} succeeded`);
      return r.error;
    },
  };
}
