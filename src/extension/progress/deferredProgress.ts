/**
 * A progress notification that opens only for work that lasts, and closes when the work ends.
 *
 * Why: VS Code keeps a progress notification opened without a delay on screen for at least
 * 800 ms (`withNotificationProgress`: "show the notification for at least 800ms to reduce the
 * chance of the notification flashing up"), and the extension API has no `delay` option. An
 * ensure that is a cache hit settles in a few milliseconds, so its "ensuring…" notification stayed
 * up after the node already showed `ready`. Here the work starts at once; the notification is
 * opened only if the work is still running after `delayMs`, and is handed the work's own promise,
 * so it closes when the work settles. No `vscode` import: the caller adapts `open` to
 * `vscode.window.withProgress`.
 */

/** One progress step: a message and/or a percentage (0–100). */
export interface ProgressStep {
  readonly message?: string;
  readonly percent?: number;
}

/** Where steps go once the notification is open. */
export interface ProgressSink {
  report(step: ProgressStep): void;
}

/** The timer functions used (injectable for tests). */
export interface DeferredProgressTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** How long work may run before its notification appears (ms). */
export const PROGRESS_NOTIFICATION_DELAY_MS = 400;

const DEFAULT_TIMERS: DeferredProgressTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Runs `work` now. If it has not settled after `delayMs`, calls `open(shown)` once: `shown(sink)`
 * replays the latest step to `sink`, forwards later ones, and returns a promise that settles with
 * the work (resolves even when the work rejects, so the notification always closes). Resolves or
 * rejects exactly as `work` does.
 */
export function runWithDeferredProgress<T>(
  work: (report: (step: ProgressStep) => void) => Promise<T>,
  open: (shown: (sink: ProgressSink) => Promise<void>) => void,
  delayMs: number = PROGRESS_NOTIFICATION_DELAY_MS,
  timers: DeferredProgressTimers = DEFAULT_TIMERS,
): Promise<T> {
  let latest: ProgressStep | undefined;
  let sink: ProgressSink | undefined;
  let settled = false;
  const report = (step: ProgressStep): void => {
    latest = { ...latest, ...step };
    if (!settled) sink?.report(step);
  };
  const promise = Promise.resolve().then(() => work(report));
  const ended = promise.then(
    () => undefined,
    () => undefined,
  );
  const timer = timers.setTimeout(() => {
    if (settled) return;
    open((target) => {
      sink = target;
      if (latest) target.report(latest);
      return ended;
    });
  }, delayMs);
  void ended.then(() => {
    settled = true;
    timers.clearTimeout(timer);
  });
  return promise;
}
