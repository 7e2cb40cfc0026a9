import { useEffect, useState } from 'react';
import { mediaUrl, onEvent } from '../api.ts';

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('');
}

/**
 * A headshot thumbnail when there is one, else the person's initials. Decorative (the name is beside it)
 * unless `alt` is given.
 */
export function Avatar({
  name,
  sha,
  size = '320',
  alt,
}: {
  name: string;
  sha: string | null;
  size?: '320' | '1280';
  alt?: string;
}) {
  // A profile synced from another desktop can arrive before its thumbnail (blob sync fetches it right after):
  // a failed image shows the initials and is tried again at the next talent.changed, which follows the download.
  const [attempt, setAttempt] = useState(0);
  const [failedKey, setFailedKey] = useState<string | null>(null);
  const key = `${sha}-${attempt}`;
  useEffect(() => {
    if (!failedKey) return;
    return onEvent((event) => {
      if (event === 'talent.changed') setAttempt((n) => n + 1);
    });
  }, [failedKey]);
  const showImage = sha !== null && failedKey !== key;
  return (
    <div className="photo" aria-hidden={alt && sha ? undefined : 'true'}>
      {showImage ? (
        <img
          key={key}
          src={mediaUrl(sha, size)}
          alt={alt ?? ''}
          loading="lazy"
          decoding="async"
          onError={() => setFailedKey(key)}
          onLoad={() => setFailedKey(null)}
        />
      ) : (
        initials(name)
      )}
    </div>
  );
}
