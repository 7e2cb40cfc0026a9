import { useState } from 'react';
import { ProjectsView } from './casting/ProjectsView.tsx';
import { ChatScreen } from './chat/ChatScreen.tsx';
import { MemoryScreen } from './chat/MemoryScreen.tsx';
import { SettingsScreen } from './chat/SettingsScreen.tsx';
import { ScriptsScreen } from './script/ScriptsScreen.tsx';
import { TalentBrowser } from './talent/TalentBrowser.tsx';
import { useTheme } from './ui/theme.ts';

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
  const [screen, setScreen] = useState<Screen>('talent');
  const [theme, toggleTheme] = useTheme();
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">CastMatch</div>
        <span className="spacer" />
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
            onClick={() => setScreen(s.id)}
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
    </div>
  );
}
