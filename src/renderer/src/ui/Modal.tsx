import { type ReactNode, useEffect, useId, useRef } from 'react';

/** A native <dialog>: focus is trapped and Escape closes it, with an accessible name from its heading. */
export function Modal({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} className="modal" aria-labelledby={headingId} onClose={onClose} onCancel={onClose}>
      <div className="modal-head">
        <h2 id={headingId}>{title}</h2>
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="modal-body">{children}</div>
    </dialog>
  );
}
