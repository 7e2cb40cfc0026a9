import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { onEvent } from './api.ts';
import { followChangeEvents } from './live-queries.ts';
import { listenForOpenedFiles } from './opened-files.ts';
import { createQueryClient } from './query-client.ts';
import { ToastProvider } from './ui/Toasts.tsx';
import './styles.css';

const queryClient = createQueryClient();
followChangeEvents(queryClient, onEvent);
// Files opened with the app ("Open with", a second launch) arrive as events from the shell.
listenForOpenedFiles();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <App />
      </ToastProvider>
    </QueryClientProvider>
  </StrictMode>,
);
