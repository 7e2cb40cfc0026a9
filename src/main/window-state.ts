import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';

interface WindowState {
  bounds: { width: number; height: number; x?: number; y?: number };
  maximized: boolean;
}

const DEFAULT: WindowState = { bounds: { width: 1400, height: 900 }, maximized: false };

export function loadWindowState(dir: string): WindowState {
  try {
    const s = JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8')) as WindowState;
    if (s.bounds.width >= 600 && s.bounds.height >= 400) return s;
  } catch {
    // first run or unreadable: use the default
  }
  return DEFAULT;
}

export function trackWindowState(win: BrowserWindow, dir: string): void {
  win.on('close', () => {
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    try {
      writeFileSync(join(dir, 'window-state.json'), JSON.stringify(state));
    } catch {
      // losing the window position is not worth interrupting the quit
    }
  });
}
