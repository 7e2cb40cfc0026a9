// Handlers for the script-review methods (scriptMethods in src/shared/script-api.ts).
import type { z } from 'zod';
import type { scriptMethods } from '../../shared/script-api.ts';
import type { AppDatabase } from '../store/db.ts';
import type { EventHub } from './events.ts';
import type { FileRegistry } from './files.ts';

type M = typeof scriptMethods;
export type ScriptHandlers = {
  [K in keyof M]: (
    input: z.output<M[K]['input']>,
  ) => z.input<M[K]['output']> | Promise<z.input<M[K]['output']>>;
};

export interface ScriptHandlerContext {
  db: AppDatabase;
  events: EventHub;
  files: FileRegistry;
  dataDir: string;
}

export function createScriptHandlers(_ctx: ScriptHandlerContext): ScriptHandlers {
  return {};
}
