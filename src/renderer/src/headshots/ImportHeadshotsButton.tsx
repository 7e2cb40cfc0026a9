import { useQuery } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import type { ImportTarget } from '../../../shared/headshots.ts';
import { call, registerFiles } from '../api.ts';
import { displayName } from '../talent/format.ts';
import { Modal } from '../ui/Modal.tsx';
import { HeadshotDropZone } from './DropZone.tsx';
import { useHeadshotImport } from './ImportProvider.tsx';

/** Accepted by the pickers; anything else dropped in a folder is still reported per file by the backend. */
export const IMAGE_ACCEPT = 'image/*,.jpg,.jpeg,.png,.webp,.avif,.tif,.tiff,.gif,.heic,.heif';

/**
 * "Import headshots…": files or a whole folder, by picker or by drop, matched by name — or, when a
 * profile is open, optionally all added to that person.
 */
export function ImportHeadshotsButton({ profileId }: { profileId: string | null }) {
  const [open, setOpen] = useState(false);
  // The open profile's name, from the query the profile panel already made.
  const talent = useQuery({
    queryKey: ['talent.get', profileId],
    queryFn: () => call('talent.get', { id: profileId! }),
    enabled: open && Boolean(profileId),
  });
  const profile = profileId && talent.data ? { id: profileId, name: displayName(talent.data) } : null;
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)}>
        Import headshots…
      </button>
      {open && <ImportHeadshotsDialog profile={profile} onClose={() => setOpen(false)} />}
    </>
  );
}

function ImportHeadshotsDialog({
  profile,
  onClose,
}: {
  profile: { id: string; name: string } | null;
  onClose: () => void;
}) {
  const id = useId();
  const imports = useHeadshotImport();
  const filesRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement | null>(null);
  const [mode, setMode] = useState<'match' | 'profile'>('match');
  const target: ImportTarget =
    mode === 'profile' && profile ? { mode: 'profile', talentId: profile.id } : { mode: 'match' };
  const targetName = target.mode === 'profile' ? (profile?.name ?? null) : null;

  const pick = (input: HTMLInputElement) => {
    const files = input.files;
    if (!files || files.length === 0 || imports.busy) return;
    // registerFiles copies the list synchronously, so the input can be cleared for the next pick.
    imports.start(target, targetName, registerFiles(files));
    input.value = '';
    onClose();
  };

  return (
    <Modal title="Import headshots" onClose={onClose}>
      {profile && (
        <fieldset className="hs-mode">
          <legend>Where the images go</legend>
          <label>
            <input
              type="radio"
              name={`${id}-mode`}
              checked={mode === 'match'}
              onChange={() => setMode('match')}
            />
            Match to people by file and folder names
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-mode`}
              checked={mode === 'profile'}
              onChange={() => setMode('profile')}
            />
            Add all to {profile.name}
          </label>
        </fieldset>
      )}
      <HeadshotDropZone
        target={target}
        targetName={targetName}
        className="hs-dialog-drop"
        onDropped={onClose}
      >
        <div className="dropzone">
          <p>Drop image files or whole folders here, or</p>
          <div className="hs-pick">
            <button
              type="button"
              className="btn primary"
              disabled={imports.busy}
              onClick={() => filesRef.current?.click()}
            >
              Choose files…
            </button>
            <button
              type="button"
              className="btn"
              disabled={imports.busy}
              onClick={() => folderRef.current?.click()}
            >
              Choose a folder…
            </button>
          </div>
          {imports.busy && (
            <p role="note">Headshots are being imported: wait for that import to finish, or cancel it.</p>
          )}
          {/* The real inputs stay out of the tab order: the buttons above open them. */}
          <input
            ref={filesRef}
            className="sr-only"
            tabIndex={-1}
            type="file"
            multiple
            accept={IMAGE_ACCEPT}
            aria-label="Headshot files"
            onChange={(e) => pick(e.currentTarget)}
          />
          <input
            ref={(el) => {
              folderRef.current = el;
              // React does not know the folder-picker attribute; set it on the element itself.
              el?.setAttribute('webkitdirectory', '');
            }}
            className="sr-only"
            tabIndex={-1}
            type="file"
            aria-label="Headshot folder"
            onChange={(e) => pick(e.currentTarget)}
          />
          <p className="hs-muted">
            JPEG, PNG, WebP, AVIF, TIFF, GIF and HEIC. Names like “Priya_Sharma_02.jpg” or folders like
            “Agency X/Priya Sharma/” find the right profile; anything unclear is listed for review.
          </p>
        </div>
      </HeadshotDropZone>
    </Modal>
  );
}
