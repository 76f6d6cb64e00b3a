/**
 * Reads the first host state embedded in the webview HTML (see `core/protocol/initialState.ts`).
 * The block goes through `parseHostMessage` like any message from the host: anything else than a
 * valid `workflow/state` notification is ignored (with a `console.warn`), and the editor then
 * waits for the state the host sends after `webview/ready`.
 */
import { parseHostMessage } from '../core/protocol/envelope.js';
import { INITIAL_STATE_ELEMENT_ID } from '../core/protocol/initialState.js';
import type { HostNotification } from './hostBridge.js';

/** Where the block is looked up (`document` in the webview). */
export interface ElementSource {
  getElementById(id: string): { readonly textContent: string | null } | null;
}

/**
 * The embedded `workflow/state` notification, or `undefined` when there is none or it is invalid.
 * @example const first = readInitialState(document); if (first) store.getState().receive(first);
 */
export function readInitialState(source: ElementSource): HostNotification | undefined {
  const text = source.getElementById(INITIAL_STATE_ELEMENT_ID)?.textContent;
  if (!text) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    console.warn('[pantograph] ignored an embedded initial state that is not JSON');
    return undefined;
  }
  const parsed = parseHostMessage(raw);
  if (parsed.ok && parsed.value.type === 'notification' && parsed.value.method === 'workflow/state') return parsed.value;
  console.warn('[pantograph] ignored an invalid embedded initial state');
  return undefined;
}
