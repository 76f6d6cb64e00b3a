/** Ctrl+C handling: the first SIGINT aborts the command's signal (the service kills pip); a second one exits at once. */
import { EXIT_CANCELLED } from './exitCodes.js';

/** An abort signal wired to SIGINT/SIGTERM; `dispose` removes the handlers. */
export function cancelOnSignals(onFirst?: () => void): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handler = (): void => {
    if (controller.signal.aborted) process.exit(EXIT_CANCELLED);
    onFirst?.();
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
