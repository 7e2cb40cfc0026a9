// Claude settings: the API key (never shown back: main only says whether one is saved), where it is stored,
// the model, and a connection test.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ChatSettingsView, TestConnectionResult } from '../../../shared/chat-settings.ts';
import { call, errorMessage } from '../api.ts';
import { TeamSettings } from '../sync/TeamSettings.tsx';
import { useToasts } from '../ui/Toasts.tsx';

function storageLabel(kind: string): string {
  if (kind.startsWith('safeStorage')) return `the system keychain (Electron safeStorage${kind.slice(11)})`;
  if (kind === 'file') return 'a file readable only by you in the data folder (not encrypted)';
  if (kind === 'memory') return 'memory only (forgotten when the app closes)';
  return kind;
}

export function SettingsScreen() {
  const settings = useQuery({ queryKey: ['chat.settings'], queryFn: () => call('chat.settings.get', {}) });
  const s = settings.data;
  return (
    <section className="settings-screen" aria-labelledby="settings-title">
      <div className="memory-inner">
        <h2 id="settings-title">Settings</h2>
        <h3>Claude</h3>
        {settings.error && <p role="alert">{errorMessage(settings.error)}</p>}
        {s && (
          <>
            <ApiKey s={s} />
            <ModelPicker s={s} />
            <TestConnection model={s.model} hasKey={s.hasApiKey} />
            <Limits s={s} />
          </>
        )}
        <TeamSettings />
      </div>
    </section>
  );
}

function useSaveView() {
  const qc = useQueryClient();
  return (v: ChatSettingsView) => qc.setQueryData(['chat.settings'], v);
}

function ApiKey({ s }: { s: ChatSettingsView }) {
  const id = useId();
  const toasts = useToasts();
  const save = useSaveView();
  const [replacing, setReplacing] = useState(false);
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const set = useMutation({
    mutationFn: (apiKey: string | null) => call('chat.apiKey.set', { apiKey }),
    onSuccess: (v, apiKey) => {
      save(v);
      setKey('');
      setReplacing(false);
      setError(null);
      toasts.show(apiKey ? 'API key saved' : 'API key removed');
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const storage = storageLabel(s.keyStorage);
  return (
    <fieldset className="settings-group">
      <legend>Anthropic API key</legend>
      {s.hasApiKey && !replacing ? (
        <div className="actions key-row">
          <span role="status" className="key-saved">
            A key is saved.
          </span>
          <button type="button" className="btn" onClick={() => setReplacing(true)}>
            Replace key
          </button>
          <button
            type="button"
            className="btn danger"
            disabled={set.isPending}
            onClick={() => set.mutate(null)}
          >
            Remove key
          </button>
        </div>
      ) : (
        <form
          className="key-form"
          onSubmit={(e) => {
            e.preventDefault();
            const k = key.trim();
            if (!k) return setError('Paste the key first.');
            if (!k.startsWith('sk-')) return setError('Anthropic keys start with “sk-”.');
            set.mutate(k);
          }}
        >
          <label htmlFor={id}>API key</label>
          <div className="actions">
            <input
              id={id}
              className="input"
              type="password"
              autoComplete="off"
              spellCheck={false}
              placeholder="sk-ant-…"
              value={key}
              aria-invalid={error ? true : undefined}
              aria-describedby={`${id}-help`}
              onChange={(e) => setKey(e.target.value)}
            />
            <button type="submit" className="btn primary" disabled={set.isPending}>
              Save key
            </button>
            {replacing && (
              <button type="button" className="btn" onClick={() => setReplacing(false)}>
                Cancel
              </button>
            )}
          </div>
          {error && <p className="field-error">{error}</p>}
          <p id={`${id}-help`} className="chat-muted">
            From console.anthropic.com. It stays on this computer and is only sent to Anthropic.
          </p>
        </form>
      )}
      <p className="chat-muted">Stored in {storage}.</p>
      {s.keyStorageInsecure && (
        <p className="chat-banner warn inline" role="note">
          <b>Warning:</b> in the browser version the key is kept in a plain file (readable only by your user
          account), not in an encrypted keychain. Use the desktop app on shared computers.
        </p>
      )}
    </fieldset>
  );
}

function ModelPicker({ s }: { s: ChatSettingsView }) {
  const id = useId();
  const toasts = useToasts();
  const save = useSaveView();
  const update = useMutation({
    mutationFn: (model: string) => call('chat.settings.update', { model }),
    onSuccess: (v) => {
      save(v);
      toasts.show('Model saved');
    },
    onError: (e) => toasts.show(errorMessage(e), { kind: 'error' }),
  });
  const known = s.knownModels.some((m) => m.id === s.model)
    ? s.knownModels
    : [{ id: s.model, label: s.model }, ...s.knownModels];
  return (
    <fieldset className="settings-group">
      <legend>Model</legend>
      <label htmlFor={id} className="sr-only">
        Model
      </label>
      <select
        id={id}
        className="input"
        value={s.model}
        disabled={update.isPending}
        onChange={(e) => update.mutate(e.target.value)}
      >
        {known.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
      </select>
      <p className="chat-muted">
        Used for every new message. Costs shown in the chat are estimates at list prices.
      </p>
    </fieldset>
  );
}

function TestConnection({ model, hasKey }: { model: string; hasKey: boolean }) {
  const [result, setResult] = useState<TestConnectionResult | null>(null);
  const test = useMutation({
    mutationFn: () => call('chat.testConnection', { model }),
    onSuccess: setResult,
    onError: (e) =>
      setResult({ ok: false, model, latencyMs: 0, error: { code: 'ERROR', message: errorMessage(e) } }),
  });
  return (
    <fieldset className="settings-group">
      <legend>Connection</legend>
      <div className="actions">
        <button
          type="button"
          className="btn"
          disabled={test.isPending}
          onClick={() => {
            setResult(null);
            test.mutate();
          }}
        >
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
        {!hasKey && <span className="chat-muted">Save a key first.</span>}
      </div>
      <div role="status" className="test-result">
        {result &&
          (result.ok ? (
            <span className="ok">
              Connected: {result.model} answered in {Math.round(result.latencyMs)} ms.
            </span>
          ) : (
            <span className="error-text">Connection failed: {result.error?.message ?? 'unknown error'}</span>
          ))}
      </div>
    </fieldset>
  );
}

const LIMITS = [
  { key: 'maxTokens', label: 'Longest answer (tokens)', min: 256, max: 64_000 },
  { key: 'contextBudgetTokens', label: 'History kept before summarising (tokens)', min: 2_000, max: 900_000 },
  { key: 'memoryLimit', label: 'Memories recalled per message', min: 0, max: 50 },
  { key: 'maxToolIterations', label: 'Tool rounds per answer', min: 1, max: 25 },
] as const;
type LimitKey = (typeof LIMITS)[number]['key'];

/** The knobs that trade cost against depth; main validates them again and says what is wrong. */
function Limits({ s }: { s: ChatSettingsView }) {
  const id = useId();
  const toasts = useToasts();
  const save = useSaveView();
  const [values, setValues] = useState<Record<LimitKey, string>>(() => ({
    maxTokens: String(s.maxTokens),
    contextBudgetTokens: String(s.contextBudgetTokens),
    memoryLimit: String(s.memoryLimit),
    maxToolIterations: String(s.maxToolIterations),
  }));
  const [error, setError] = useState<string | null>(null);
  const update = useMutation({
    mutationFn: (patch: Record<LimitKey, number>) => call('chat.settings.update', patch),
    onSuccess: (v) => {
      save(v);
      setError(null);
      toasts.show('Limits saved');
    },
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <fieldset className="settings-group">
      <legend>Limits</legend>
      <form
        className="limits"
        aria-label="Limits"
        // Our own message names the field and its range; the browser's bubble would not be announced.
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const patch = {} as Record<LimitKey, number>;
          for (const l of LIMITS) {
            const n = Number(values[l.key]);
            if (!Number.isInteger(n) || n < l.min || n > l.max)
              return setError(`${l.label}: a whole number from ${l.min} to ${l.max}.`);
            patch[l.key] = n;
          }
          update.mutate(patch);
        }}
      >
        {LIMITS.map((l) => (
          <label key={l.key} htmlFor={`${id}-${l.key}`}>
            {l.label}
            <input
              id={`${id}-${l.key}`}
              className="input"
              type="number"
              min={l.min}
              max={l.max}
              value={values[l.key]}
              onChange={(e) => setValues({ ...values, [l.key]: e.target.value })}
            />
          </label>
        ))}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="btn" disabled={update.isPending}>
            Save limits
          </button>
        </div>
      </form>
    </fieldset>
  );
}
