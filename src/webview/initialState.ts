/**
 * Reads the first host state embedded in the webview HTML (see `core/protocol/initialState.ts`)
 * and decides what the webview starts from (`startingState`). The block goes through
 * `parseHostMessage` like any message from the host: anything else than a valid `workflow/state`
 * notification is ignored (with a `console.warn`), and the editor then waits for the state the
 * host sends after `webview/ready`.
 */
import { parseHostMessage } from '../core/protocol/envelope.js';
import { INITIAL_STATE_ELEMENT_ID, shownStateOf } from '../core/protocol/initialState.js';
import type { CommandParams } from '../core/protocol/editorProtocol.js';
import type { HostNotification } from './hostBridge.js';
import type { VsCodeApi } from './vscodeApi.js';

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

/** Webview-state key marking that this panel's HTML has been loaded before. */
export const SHOWN_BEFORE_KEY = 'shownBefore';

/** What the webview starts from: the state to show at once (if any) and its `webview/ready` params. */
export interface StartingState {
  readonly initialState: HostNotification | undefined;
  readonly readyParams: CommandParams<'webview/ready'>;
}

/**
 * Decides what a freshly loaded webview shows first. The embedded state is used on the panel's
 * first load only: a webview recreated after being hidden reloads the same HTML, whose embedded
 * state may be stale, so then it waits for the host. Marks the panel as loaded in its webview state
 * (other keys kept). `webview/ready` names the state shown, so the host does not send it twice.
 * @example const { initialState, readyParams } = startingState(api, document);
 */
export function startingState(api: Pick<VsCodeApi, 'getState' | 'setState'>, source: ElementSource): StartingState {
  const saved = api.getState() as Record<string, unknown> | undefined;
  const initialState = saved?.[SHOWN_BEFORE_KEY] === true ? undefined : readInitialState(source);
  api.setState({ ...saved, [SHOWN_BEFORE_KEY]: true });
  if (initialState?.method !== 'workflow/state') return { initialState: undefined, readyParams: {} };
  return { initialState, readyParams: { shown: shownStateOf(initialState.params) } };
}
