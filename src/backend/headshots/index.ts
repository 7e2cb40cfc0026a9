// Public API of headshot import, media serving and the gallery (plain Node; wired to IPC/HTTP by the shell).
export { runImportHeadshotsCli } from './cli.ts';
export { type ImportHeadshotsOptions, importHeadshots } from './importer.ts';
export { DEFAULT_LIMITS, type ImportLimits } from './limits.ts';
export { mediaPath, type ResolvedMedia, resolveMedia } from './mediaStore.ts';
export { deleteHeadshot, listHeadshots, reorderHeadshots, setPrimaryHeadshot } from './repo.ts';
export { resolveHeadshotReview } from './review.ts';
export { headshotWorkerUrl, setHeadshotWorkerUrl } from './workerUrl.ts';
