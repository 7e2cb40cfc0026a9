// The states a casting assistant must see at once: offline, a retry countdown, and an answer that failed —
// each with what to do next. The user's text is never lost: it is saved or kept as a draft.
import { useEffect, useState } from 'react';
import type { ChatBanner, Live } from './live.ts';

export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}

export function OfflineBanner() {
  return (
    <div className="chat-banner warn" role="status">
      <b>You are offline.</b> Claude cannot be reached; your draft is kept here — send it when you are back
      online.
    </div>
  );
}

const CODE_LABEL: Record<string, string> = {
  RATE_LIMITED: 'Rate limited',
  OVERLOADED: 'Claude is overloaded',
  API_ERROR: 'Anthropic had a problem',
};

/** "Rate limited — trying again in 7 s (attempt 2 of 4)", ticking down live. */
export function RetryBanner({ retry }: { retry: NonNullable<Live['retry']> }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  const left = Math.max(0, Math.ceil((retry.until - now) / 1000));
  return (
    <div className="chat-banner warn" role="status">
      <b>{CODE_LABEL[retry.code] ?? 'Claude did not answer'}</b> — trying again{' '}
      {left > 0 ? (
        <>
          in <span className="countdown">{left} s</span>
        </>
      ) : (
        'now'
      )}{' '}
      (attempt {retry.attempt} of {retry.maxAttempts}).
    </div>
  );
}

const TITLES: Record<string, string> = {
  NO_API_KEY: 'No API key',
  AUTH: 'The API key was refused',
  RATE_LIMITED: 'Rate limited',
  OVERLOADED: 'Claude is overloaded',
  OFFLINE: 'Offline',
  CONTEXT_TOO_LONG: 'The conversation is too long',
  STREAM_INTERRUPTED: 'Connection lost mid-answer',
  BUSY: 'Still answering',
  DISCONNECTED: 'Lost the connection to CastMatch',
};

export function ErrorBanner({
  banner,
  onDismiss,
  onRetry,
  onSettings,
  onNewConversation,
}: {
  banner: ChatBanner;
  onDismiss: () => void;
  onRetry: (() => void) | null;
  onSettings: () => void;
  onNewConversation: () => void;
}) {
  const c = banner.code;
  return (
    <div className="chat-banner error" role="alert">
      <div>
        <b>{TITLES[c] ?? 'Claude could not answer'}.</b> {banner.message}
        {banner.userMessageId && c !== 'STREAM_INTERRUPTED' && ' Your message is kept.'}
      </div>
      <div className="actions">
        {(c === 'NO_API_KEY' || c === 'AUTH') && (
          <button type="button" className="btn small" onClick={onSettings}>
            Open Settings
          </button>
        )}
        {c === 'CONTEXT_TOO_LONG' && (
          <button type="button" className="btn small" onClick={onNewConversation}>
            New conversation
          </button>
        )}
        {onRetry && c !== 'CONTEXT_TOO_LONG' && (
          <button type="button" className="btn small" onClick={onRetry}>
            {c === 'STREAM_INTERRUPTED' ? 'Regenerate' : 'Send again'}
          </button>
        )}
        <button type="button" className="btn small" onClick={onDismiss} aria-label="Dismiss error">
          ×
        </button>
      </div>
    </div>
  );
}
