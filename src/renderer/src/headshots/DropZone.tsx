import { type DragEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import type { ImportTarget } from '../../../shared/headshots.ts';
import { registerDrop } from '../api.ts';
import { dragHasFiles } from './format.ts';
import { useHeadshotImport } from './ImportProvider.tsx';

/**
 * Makes its children a drop target for headshot files and folders. The talent browser's zone imports by
 * name matching; a profile's zone (nested inside it) sends everything to that person and keeps the drop
 * from reaching the outer zone. The overlay only tells what a drop will do: it takes no pointer events.
 */
export function HeadshotDropZone({
  target,
  targetName,
  className,
  onDropped,
  children,
}: {
  target: ImportTarget;
  /** The profile's name in profile mode. */
  targetName?: string | null;
  className?: string;
  /** Called after a drop was handed to the importer (e.g. to close the dialog it sits in). */
  onDropped?: () => void;
  children: ReactNode;
}) {
  const imports = useHeadshotImport();
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed: count them so the overlay does not flicker.
  const depth = useRef(0);
  const reset = () => {
    depth.current = 0;
    setOver(false);
  };

  // A drag that ends elsewhere (Escape, dropped outside the window) must not leave the overlay up.
  useEffect(() => {
    const end = () => {
      depth.current = 0;
      setOver(false);
    };
    window.addEventListener('dragend', end);
    window.addEventListener('drop', end);
    return () => {
      window.removeEventListener('dragend', end);
      window.removeEventListener('drop', end);
    };
  }, []);

  /** Files for this zone: not a gallery tile, and not over a dialog that sits on top of it (a modal is its own world). */
  const mine = (e: DragEvent) => {
    if (!dragHasFiles(e.dataTransfer)) return false;
    const dialog = e.target instanceof Element ? e.target.closest('dialog') : null;
    return !dialog || dialog.contains(e.currentTarget as Node);
  };
  const handlers = {
    onDragEnter: (e: DragEvent) => {
      if (!mine(e)) return;
      e.preventDefault();
      e.stopPropagation();
      depth.current++;
      setOver(true);
    },
    onDragOver: (e: DragEvent) => {
      if (!mine(e)) return;
      e.preventDefault();
      e.stopPropagation();
      e.dataTransfer.dropEffect = 'copy';
      if (!over) setOver(true);
    },
    onDragLeave: (e: DragEvent) => {
      if (!mine(e)) return;
      e.stopPropagation();
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    },
    onDrop: (e: DragEvent) => {
      if (!mine(e)) return;
      e.preventDefault();
      e.stopPropagation();
      reset();
      if (imports.busy) {
        imports.start(target, targetName ?? null, Promise.resolve([]));
        return;
      }
      // Must run before any await: the DataTransfer is emptied once this handler returns.
      imports.start(target, targetName ?? null, registerDrop(e.dataTransfer));
      onDropped?.();
    },
  };

  const label =
    target.mode === 'profile' ? `Drop to add to ${targetName ?? 'this profile'}` : 'Drop headshots to import';
  return (
    // Pointer-only by nature; the keyboard path is the "Import headshots…" button.
    <div className={`hs-dropzone${className ? ` ${className}` : ''}`} {...handlers}>
      {children}
      {over && (
        <div className={`hs-drop-overlay${target.mode === 'profile' ? ' profile' : ''}`} aria-hidden="true">
          <div className="hs-drop-message">
            <strong>{label}</strong>
            <span>
              {target.mode === 'profile'
                ? 'Every image goes to this profile.'
                : 'Files and folders are matched to people by their names.'}
            </span>
          </div>
        </div>
      )}
    </div>
  );
}
