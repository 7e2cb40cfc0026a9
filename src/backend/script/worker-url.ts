import { workerUrl } from '../workers/url.ts';

/**
 * Where the analysis worker's entry file is: worker.ts beside this file from source, the built
 * script-worker.js in the Electron bundle (see workers/url.ts). Tests may point it elsewhere.
 */
let override: URL | null = null;

export function setScriptWorkerUrl(url: URL | string | null): void {
  override = url === null ? null : typeof url === 'string' ? new URL(url) : url;
}

export function scriptWorkerUrl(): URL {
  return override ?? workerUrl(new URL('./worker.ts', import.meta.url), 'script-worker');
}
