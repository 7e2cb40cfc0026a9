import { useState } from 'react';

export interface MenuItem {
  label: string;
  onSelect: () => void;
}

/** A button that opens a small menu of actions (Escape closes it). */
export function MenuButton(props: {
  label: string;
  menuLabel: string;
  busy?: boolean;
  busyLabel?: string;
  items: MenuItem[];
}) {
  const [open, setOpen] = useState(false);
  return (
    <div className="menu-anchor">
      <button
        type="button"
        className="btn"
        disabled={props.busy}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {props.busy ? (props.busyLabel ?? props.label) : `${props.label} ▾`}
      </button>
      {open && (
        <div
          role="menu"
          aria-label={props.menuLabel}
          className="menu"
          onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
        >
          {props.items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              onClick={() => {
                setOpen(false);
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
