import { useCallback, useEffect, useState } from 'react';
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
 * Whether the photo `sha` failed to load, and how to say it did. A profile synced from another desktop can arrive
 * before its thumbnail (blob sync fetches it right after): a failed photo shows the initials and is tried again at
 * the next talent.changed, which follows the download. Another `sha` starts afresh.
 */
export function usePhotoRetry(sha: string | null): [boolean, () => void] {
  const [failedFor, setFailedFor] = useState<string | null>(null);
  const failed = sha !== null && failedFor === sha;
  useEffect(() => {
    if (!failed) return;
    return onEvent((event) => {
      if (event === 'talent.changed') setFailedFor(null);
    });
  }, [failed]);
  const markFailed = useCallback(() => setFailedFor(sha), [sha]);
  return [failed, markFailed];
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
  const [failed, markFailed] = usePhotoRetry(sha);
  const showImage = sha !== null && !failed;
  return (
    <div className="photo" aria-hidden={alt && sha ? undefined : 'true'}>
      {showImage ? (
        <img src={mediaUrl(sha, size)} alt={alt ?? ''} loading="lazy" decoding="async" onError={markFailed} />
      ) : (
        initials(name)
      )}
    </div>
  );
}
