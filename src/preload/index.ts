// The only bridge between the page and the app: a call, an event subscription and file registration.
// No ipcRenderer, no raw IPC events and no Node reach the page; the backend validates every call.
import { contextBridge, type IpcRendererEvent, ipcRenderer, webUtils } from 'electron';

type Listener = (event: string, payload: unknown) => void;

contextBridge.exposeInMainWorld('castmatch', {
  invoke: (method: string, input: unknown): Promise<unknown> =>
    ipcRenderer.invoke('castmatch:invoke', method, input),
  on: (listener: Listener): (() => void) => {
    const handler = (_e: IpcRendererEvent, event: string, payload: unknown) => listener(event, payload);
    ipcRenderer.on('castmatch:event', handler);
    return () => ipcRenderer.off('castmatch:event', handler);
  },
  // The path of a File the user dropped or picked stays between preload and main; the page gets a handle.
  // `folder`: register the folder this file was picked in (a folder pick), not the file.
  registerFile: (file: File, as: 'file' | 'folder' = 'file'): Promise<unknown> =>
    ipcRenderer.invoke(
      'castmatch:register-file',
      webUtils.getPathForFile(file),
      file.name,
      // (Node's File type, which this project's preload is checked against, lacks the DOM's field.)
      as === 'folder' ? ((file as File & { webkitRelativePath?: string }).webkitRelativePath ?? '') : '',
    ),
});
