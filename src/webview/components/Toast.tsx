/** A small, polite notice (refused connections, rejected edits); hides itself after a few seconds. */
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { useEditor } from '../state/useEditor.js';

/** How long a notice stays, in milliseconds. */
export const TOAST_MS = 4000;

/** Renders the current toast, if any. */
export function Toast(): ReactNode {
  const { toast, clearToast } = useEditor((s) => ({ toast: s.toast, clearToast: s.clearToast }));
  useEffect(() => {
    if (!toast) return undefined;
    const handle = setTimeout(clearToast, TOAST_MS);
    return () => clearTimeout(handle);
  }, [toast, clearToast]);
  return (
    <div className="pg-toast-region" role="status" aria-live="polite">
      {toast ? (
        <div className="pg-toast" data-testid="toast">
          {toast.message}
        </div>
      ) : null}
    </div>
  );
}
