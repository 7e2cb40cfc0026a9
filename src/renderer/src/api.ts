import type { EventName, MethodInput, MethodName, MethodOutput } from '../../shared/api.ts';
import { transport } from './transport.ts';

export class ApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** Calls a contract method; resolves with its output or throws an ApiError carrying the backend's code. */
export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const r = await transport.invoke(method, input);
  if (!r.ok) throw new ApiError(r.error.code, r.error.message);
  return r.value as MethodOutput<M>;
}

export function onEvent(listener: (event: EventName, payload: unknown) => void): () => void {
  return transport.on((e, p) => listener(e as EventName, p));
}

export const mediaUrl = transport.mediaUrl;
export const registerFile = transport.registerFile;
export const registerDrop = transport.registerDrop;
export const registerFiles = transport.registerFiles;

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
