import { workerUrl } from '../workers/url.ts';

/**
 * Where the import worker's entry module lives: worker.ts beside this file from source, the built
 * headshots-worker.js in the Electron bundle (see workers/url.ts). Tests may point it elsewhere.
 */
let override: URL | null = null;

export function headshotWorkerUrl(): URL {
  return override ?? workerUrl(new URL('./worker.ts', import.meta.url), 'headshots-worker');
}

export function setHeadshotWorkerUrl(url: URL | null): void {
  override = url;
}
