/**
 * The host may embed its first `workflow/state` notification in the webview HTML as an inert
 * `<script type="application/json">` block with this id; the webview validates it like any host
 * message and renders it on its first frame. `webview/ready` is still sent and answered.
 */

/** The element id of the embedded initial host message. */
export const INITIAL_STATE_ELEMENT_ID = 'pantograph-initial-state';
