/**
 * The host may embed its first `workflow/state` notification in the webview HTML as an inert
 * `<script type="application/json">` block with this id; the webview validates it like any host
 * message and renders it on its first frame. `webview/ready` is still sent and answered.
 */

/** The element id of the embedded initial host message. */
export const INITIAL_STATE_ELEMENT_ID = 'pantograph-initial-state';

/** The part of a `workflow/state` that `webview/ready` names as already shown. */
export interface ShownState {
  readonly version: number;
  readonly readOnly: boolean;
  readonly readOnlyReason?: string;
}

/** `state`'s version and access, as `webview/ready` names them (no `readOnlyReason` key when none). */
export function shownStateOf(state: ShownState): ShownState {
  return {
    version: state.version,
    readOnly: state.readOnly,
    ...(state.readOnlyReason === undefined ? {} : { readOnlyReason: state.readOnlyReason }),
  };
}

/** True when the webview already shows `state` (same version and access): the host need not send it. */
export function showsState(shown: ShownState | undefined, state: ShownState): boolean {
  return (
    shown !== undefined &&
    shown.version === state.version &&
    shown.readOnly === state.readOnly &&
    shown.readOnlyReason === state.readOnlyReason
  );
}
