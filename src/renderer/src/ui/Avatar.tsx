import { mediaUrl } from '../api.ts';

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
  return (
    <div className="photo" aria-hidden={alt && sha ? undefined : 'true'}>
      {sha ? (
        <img src={mediaUrl(sha, size)} alt={alt ?? ''} loading="lazy" decoding="async" />
      ) : (
        initials(name)
      )}
    </div>
  );
}
