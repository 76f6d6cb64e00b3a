/**
 * The `@vscode-elements/react-elements` components the webview uses, each imported from its own
 * module: the package index registers all ~40 web components (≈240 KB minified in main.js), one
 * module per component pulls in only that component and its Lit base. Import vscode-elements
 * from here only, so the bundle keeps exactly these.
 */
import VscodeButtonComponent from '@vscode-elements/react-elements/dist/components/VscodeButton.js';
import VscodeOptionComponent from '@vscode-elements/react-elements/dist/components/VscodeOption.js';
import VscodeSingleSelectComponent from '@vscode-elements/react-elements/dist/components/VscodeSingleSelect.js';
import VscodeTextareaComponent from '@vscode-elements/react-elements/dist/components/VscodeTextarea.js';
import VscodeTextfieldComponent from '@vscode-elements/react-elements/dist/components/VscodeTextfield.js';

/** `<vscode-button>`: role `button` on the host, `secondary` style, no `aria-disabled` of its own. */
export const VscodeButton = VscodeButtonComponent;
/** `<vscode-textfield>`: its `<input>` is in shadow DOM, named by the `label` property. */
export const VscodeTextfield = VscodeTextfieldComponent;
/** `<vscode-textarea>`: its `<textarea>` is in shadow DOM, named by the `label` property. */
export const VscodeTextarea = VscodeTextareaComponent;
/** `<vscode-single-select>`: a dropdown (with `combobox`, a filterable one); `change` is not bubbling. */
export const VscodeSingleSelect = VscodeSingleSelectComponent;
/** `<vscode-option>`: an option of {@link VscodeSingleSelect}. */
export const VscodeOption = VscodeOptionComponent;
