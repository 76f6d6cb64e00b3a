/**
 * The webview end of the editor protocol: posts commands, sends requests with ids and settles
 * exactly one promise per id (results validated against the request's schema), and delivers validated notifications. Every inbound message goes
 * through `parseHostMessage`; rejects are dropped with a `console.warn`. Event-driven only: no
 * timers, no polling.
 */
import { commandMessage, parseHostMessage, requestMessage } from '../core/protocol/envelope.js';
import type { HostMessage } from '../core/protocol/envelope.js';
import { REQUESTS } from '../core/protocol/editorProtocol.js';
import type {
  CommandMethod,
  CommandParams,
  RequestMethod,
  RequestParams,
  RequestResult,
} from '../core/protocol/editorProtocol.js';
import type { StructuredError } from '../core/errors/structuredError.js';
import type { VsCodeApi } from './vscodeApi.js';

/** A validated host notification. */
export type HostNotification = Extract<HostMessage, { type: 'notification' }>;

/** Rejection value of a request whose host reply was an error. */
export class HostRequestError extends Error {
  readonly error: StructuredError;
  constructor(error: StructuredError) {
    super(`${error.code}: ${error.message}`);
    this.name = 'HostRequestError';
    this.error = error;
  }
}

/** The bridge's public interface (also implemented by test fakes). */
export interface HostBridge {
  command<M extends CommandMethod>(method: M, params: CommandParams<M>): void;
  request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>>;
  /** Subscribes to validated notifications; returns the unsubscribe function. */
  onNotification(listener: (message: HostNotification) => void): () => void;
  /** Stops listening and rejects every pending request. */
  dispose(): void;
}

/** Where messages arrive from (the webview `window`); injectable for tests. */
export interface MessageSource {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/**
 * Creates the bridge over `api` and starts listening on `source` (default `window`).
 * @example const bridge = createHostBridge(acquireVsCodeApi()); bridge.command('webview/ready', {});
 */
export function createHostBridge(api: VsCodeApi, source: MessageSource = window): HostBridge {
  let nextId = 1;
  const pending = new Map<
    number,
    { method: RequestMethod; resolve: (value: unknown) => void; reject: (reason: unknown) => void }
  >();
  const listeners = new Set<(message: HostNotification) => void>();

  const onMessage = (event: MessageEvent): void => {
    const parsed = parseHostMessage(event.data);
    if (!parsed.ok) {
      console.warn('[pantograph] dropped an invalid host message:', parsed.errors.map((e) => e.message).join('; '));
      return;
    }
    const message = parsed.value;
    if (message.type === 'response') {
      const waiter = pending.get(message.id);
      if (!waiter) {
        console.warn(`[pantograph] dropped a response for unknown request id ${message.id}`);
        return;
      }
      pending.delete(message.id);
      if (message.error) return waiter.reject(new HostRequestError(message.error));
      const result = REQUESTS[waiter.method].result.safeParse(message.result);
      if (result.success) return waiter.resolve(result.data);
      console.warn(`[pantograph] invalid result for ${waiter.method}:`, result.error.issues[0]?.message);
      waiter.reject(
        new HostRequestError({ code: 'invalid_message', message: `invalid result for ${waiter.method}`, path: ['result'] }),
      );
      return;
    }
    for (const listener of [...listeners]) listener(message);
  };
  source.addEventListener('message', onMessage);

  return {
    command(method, params) {
      api.postMessage(commandMessage(method, params));
    },
    request(method, params) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject });
        api.postMessage(requestMessage(id, method, params));
      });
    },
    onNotification(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      source.removeEventListener('message', onMessage);
      for (const waiter of pending.values()) waiter.reject(new Error('host bridge disposed'));
      pending.clear();
      listeners.clear();
    },
  };
}
