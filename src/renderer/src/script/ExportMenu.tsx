// The script's export menu: cast list, cast by scene, and the breakdown as CSV, Excel or PDF.
import { useState } from 'react';
import { call, errorMessage } from '../api.ts';
import { downloadBase64 } from '../ui/download.ts';
import { MenuButton } from '../ui/MenuButton.tsx';
import { useToasts } from '../ui/Toasts.tsx';

export function ExportMenu({ scriptId }: { scriptId: string }) {
  const toasts = useToasts();
  const [busy, setBusy] = useState(false);
  const run = async (kind: 'cast-list' | 'cast-by-scene' | 'breakdown', format: 'csv' | 'xlsx' | 'pdf') => {
    setBusy(true);
    try {
      const r = await call('script.export', { id: scriptId, kind, format });
      downloadBase64(r.fileName, r.mime, r.base64);
      toasts.show(`Exported ${r.fileName}`);
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <MenuButton
      label="Export breakdown"
      busyLabel="Exporting…"
      busy={busy}
      menuLabel="Export the breakdown"
      items={[
        { label: 'Cast list (CSV)', onSelect: () => void run('cast-list', 'csv') },
        { label: 'Cast by scene (CSV)', onSelect: () => void run('cast-by-scene', 'csv') },
        { label: 'Breakdown (Excel .xlsx)', onSelect: () => void run('breakdown', 'xlsx') },
        { label: 'Breakdown (PDF)', onSelect: () => void run('breakdown', 'pdf') },
      ]}
    />
  );
}
