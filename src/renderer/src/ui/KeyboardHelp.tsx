import { Modal } from './Modal.tsx';

/** Ctrl on Windows and Linux, ⌘ on a Mac: the key the shortcuts use, as printed on the keyboard. */
export const MOD = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

export interface ShortcutGroup {
  title: string;
  keys: { keys: string; does: string }[];
}

/** Every shortcut the app answers to, by where it works. Keep in step with the handlers it names. */
export function shortcutGroups(sections: readonly string[]): ShortcutGroup[] {
  return [
    {
      title: 'Anywhere',
      keys: [
        ...sections.map((s, i) => ({ keys: `${MOD}+${i + 1}`, does: `Go to ${s}` })),
        { keys: '/', does: 'Search talent (when not typing in a field)' },
        { keys: 'Tab (first press)', does: 'Show the “Skip to talent search” link' },
        { keys: '?', does: 'Show this list of shortcuts' },
      ],
    },
    {
      title: 'Talent',
      keys: [
        { keys: `${MOD}+F`, does: 'Search talent' },
        { keys: `${MOD}+N`, does: 'New profile' },
        { keys: 'Arrow keys', does: 'Move between cards in the grid' },
        { keys: 'Enter', does: 'Open the focused card' },
        { keys: 'Escape', does: 'Close the open profile' },
        { keys: '← / →', does: 'Previous / next photo in the photo viewer' },
      ],
    },
    {
      title: 'Shortlists',
      keys: [{ keys: 'Alt+← / Alt+→', does: 'Move the focused card to the previous / next column' }],
    },
    {
      title: 'Script viewer',
      keys: [
        { keys: ']', does: 'Next highlighted speech' },
        { keys: '[', does: 'Previous highlighted speech' },
      ],
    },
    {
      title: 'Ask Claude',
      keys: [
        { keys: 'Enter', does: 'Send' },
        { keys: 'Shift+Enter', does: 'New line' },
        { keys: 'Escape', does: 'Stop the answer' },
      ],
    },
  ];
}

export function KeyboardHelp({ sections, onClose }: { sections: readonly string[]; onClose: () => void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose}>
      <div className="shortcuts">
        {shortcutGroups(sections).map((g) => (
          <section key={g.title} aria-label={g.title}>
            <h3>{g.title}</h3>
            <table className="shortcut-table">
              <thead className="sr-only">
                <tr>
                  <th scope="col">Keys</th>
                  <th scope="col">Does</th>
                </tr>
              </thead>
              <tbody>
                {g.keys.map((k) => (
                  <tr key={k.keys + k.does}>
                    <td>
                      <kbd>{k.keys}</kbd>
                    </td>
                    <td>{k.does}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </Modal>
  );
}

/** Whether a key press is someone typing (a shortcut like "/" must not steal it). */
export function isTyping(target: EventTarget | null): boolean {
  const t = target as HTMLElement | null;
  return Boolean(
    t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable),
  );
}
