/** Delivery of ensure progress to listeners that must not be able to break an install. */
import type { EnsureProgressEvent, ProgressListener } from '../domain/progress.js';

/**
 * Calls every listener with `event`, in order. A listener that throws is skipped: its error is
 * swallowed and the remaining listeners still receive the event.
 */
export function safeEmit(listeners: Iterable<ProgressListener>, event: EnsureProgressEvent): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch {
      // A listener that throws must not break an install.
    }
  }
}
