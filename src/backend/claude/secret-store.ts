// Where the Anthropic API key lives. The shell provides the implementation: Electron's safeStorage in the
// desktop app, a 0600 file in the browser host (file-secret-store.ts). The key never goes to the renderer.
export interface SecretStore {
  get(): Promise<string | null>;
  set(value: string | null): Promise<void>;
  /** e.g. 'safeStorage', 'file', 'memory' — shown in Settings. */
  kind: string;
  /** True when the key is stored unencrypted (the UI shows a warning). */
  insecure?: boolean;
}

/** For tests and benchmarks. */
export function memorySecretStore(initial: string | null = null): SecretStore {
  let v = initial;
  return {
    kind: 'memory',
    insecure: true,
    get: async () => v,
    set: async (next) => {
      v = next;
    },
  };
}
