/**
 * The cancellable progress notification of an ensure or a run, opened by
 * `runWithDeferredProgress` (`deferredProgress.ts`) only for work that lasts; it closes when
 * `shown`'s promise settles, i.e. when the work ends. Percentages become VS Code increments.
 */
import * as vscode from 'vscode';
import type { ProgressSink } from './deferredProgress.js';

/** Opens the notification titled `title`; Cancel aborts `controller`. */
export function openProgressNotification(
  title: string,
  controller: AbortController,
  shown: (sink: ProgressSink) => Promise<void>,
): void {
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (progress, token) => {
      token.onCancellationRequested(() => controller.abort());
      let last = 0;
      return shown({
        report: ({ message, percent }) => {
          const increment = percent !== undefined && percent > last ? percent - last : undefined;
          if (percent !== undefined) last = Math.max(last, percent);
          progress.report({ ...(message !== undefined ? { message } : {}), ...(increment !== undefined ? { increment } : {}) });
        },
      });
    },
  );
}
