import { useEffect, useState } from 'react';
import { ProjectsView } from './casting/ProjectsView.tsx';
import { ChatScreen } from './chat/ChatScreen.tsx';
import { MemoryScreen } from './chat/MemoryScreen.tsx';
import { SettingsScreen } from './chat/SettingsScreen.tsx';
import { useOpenedFile } from './opened-files.ts';
import { ScriptsScreen } from './script/ScriptsScreen.tsx';
import { SyncStatus } from './sync/SyncStatus.tsx';
import { TalentBrowser } from './talent/TalentBrowser.tsx';
import { CanEditProvider } from './ui/can-edit.tsx';
import { KeyboardHelp } from './ui/KeyboardHelp.tsx';
import { MenuButton } from './ui/MenuButton.tsx';
import { useAppShortcuts } from './ui/shortcuts.ts';
import { useTheme } from './ui/theme.ts';
import { UnsavedChangesProvider, useUnsavedGuard } from './ui/unsaved.tsx';

const SCREENS = [
  { id: 'talent', label: 'Talent' },
  { id: 'projects', label: 'Projects & shortlists' },
  { id: 'scripts', label: 'Scripts' },
  { id: 'chat', label: 'Ask Claude' },
  { id: 'memory', label: 'Memory' },
  { id: 'settings', label: 'Settings' },
] as const;
type Screen = (typeof SCREENS)[number]['id'];

export function App() {
  return (
    <UnsavedChangesProvider>
      <CanEditProvider>
        <Shell />
      </CanEditProvider>
    </UnsavedChangesProvider>
  );
}

function Shell() {
  const [screen, setScreen] = useState<Screen>('talent');
  const [theme, toggleTheme] = useTheme();
  const guard = useUnsavedGuard();
  // A file opened with the app goes to the screen that handles it: a script PDF to Scripts, a spreadsheet to
  // the import dialog on Talent.
  const opened = useOpenedFile();
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a newly opened file moves the screen
  useEffect(() => {
    if (opened) guard.attempt(() => setScreen(opened.kind === 'script' ? 'scripts' : 'talent'));
  }, [opened]);
  const [help, setHelp] = useState(false);
  // The search box lives on the Talent screen: go there first, then focus it.
  const focusSearch = () =>
    guard.attempt(() => {
      setScreen('talent');
      requestAnimationFrame(() => document.getElementById('talent-search')?.focus());
    });
  useAppShortcuts({
    sections: SCREENS.length,
    go: (i) => guard.attempt(() => setScreen(SCREENS[i]!.id)),
    focusSearch,
    help: () => setHelp(true),
  });
  return (
    <div className="app">
      <button type="button" className="skip-link" onClick={focusSearch}>
        Skip to talent search
      </button>
      <header className="topbar">
        <div className="brand">CastMatch</div>
        <span className="spacer" />
        <SyncStatus />
        <MenuButton
          label="Help"
          menuLabel="Help"
          items={[{ label: 'Keyboard shortcuts', onSelect: () => setHelp(true) }]}
        />
        <button
          type="button"
          className="btn"
          onClick={toggleTheme}
          aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        >
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
      </header>
      <nav className="nav" aria-label="Sections">
        {SCREENS.map((s) => (
          <button
            type="button"
            key={s.id}
            aria-current={screen === s.id ? 'page' : undefined}
            onClick={() => guard.attempt(() => setScreen(s.id))}
          >
            {s.label}
          </button>
        ))}
      </nav>
      <main>
        {screen === 'talent' && <TalentBrowser />}
        {screen === 'projects' && <ProjectsView />}
        {screen === 'scripts' && <ScriptsScreen />}
        {screen === 'chat' && <ChatScreen onOpenSettings={() => setScreen('settings')} />}
        {screen === 'memory' && <MemoryScreen />}
        {screen === 'settings' && <SettingsScreen />}
      </main>
      {help && <KeyboardHelp sections={SCREENS.map((x) => x.label)} onClose={() => setHelp(false)} />}
    </div>
  );
}
