/** An in-memory `HostBridge` for jsdom tests: records commands and requests, answers requests. */
import type { HostBridge, HostNotification } from '../../../src/webview/hostBridge.js';

/** A recorded webview → host message. */
export interface Sent {
  readonly kind: 'command' | 'request';
  readonly method: string;
  readonly params: unknown;
}

/** The fake and what it recorded. */
export interface FakeHost extends HostBridge {
  readonly sent: Sent[];
  /** Delivers a notification to subscribers. */
  emit(message: HostNotification): void;
}

/** Creates a fake whose requests resolve with `replies[method]` (or `{}`). */
export function createFakeHost(replies: Record<string, unknown> = {}): FakeHost {
  const sent: Sent[] = [];
  const listeners = new Set<(m: HostNotification) => void>();
  return {
    sent,
    command(method, params) {
      sent.push({ kind: 'command', method, params });
    },
    request(method, params) {
      sent.push({ kind: 'request', method, params });
      return Promise.resolve((replies[method] ?? {}) as never);
    },
    onNotification(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      listeners.clear();
    },
    emit(message) {
      for (const l of listeners) l(message);
    },
  };
}
