/**
 * jsdom support for the vscode-elements web components. jsdom's `ElementInternals` has ARIA and
 * `labels` but no form association (`setFormValue`, `setValidity`, `form`, `validity`, …), which
 * the form-associated elements (button, textfield, textarea, select) call: this adds minimal
 * stand-ins (no form, always valid) to its prototype — the component tests are about what the
 * editor does with the controls, not about form association. The components themselves are real.
 * Import it before anything that renders a vscode-element.
 */
import { act } from '@testing-library/react';

const formAssociation: Record<string, PropertyDescriptor> = {
  form: { get: () => null },
  validity: { get: () => ({ valid: true }) },
  validationMessage: { get: () => '' },
  willValidate: { get: () => false },
  setFormValue: { value: () => undefined },
  setValidity: { value: () => undefined },
  checkValidity: { value: () => true },
  reportValidity: { value: () => true },
};
// jsdom's ElementInternals class is not a test-environment global: reach its prototype through a probe element.
customElements.define('pg-internals-probe', class extends HTMLElement {});
const internalsPrototype = Object.getPrototypeOf(document.createElement('pg-internals-probe').attachInternals()) as object;
for (const [name, descriptor] of Object.entries(formAssociation)) {
  if (!(name in internalsPrototype)) Object.defineProperty(internalsPrototype, name, { ...descriptor, configurable: true });
}

/** Waits until every Lit element in the document has rendered (reflected `role`, `disabled`, …). */
export async function settled(): Promise<void> {
  await act(async () => {
    for (let pending = true; pending;) {
      const updates = [...document.querySelectorAll('*')]
        .map((e) => (e as Partial<{ updateComplete: Promise<boolean> }>).updateComplete)
        .filter((u) => u !== undefined);
      pending = !(await Promise.all(updates)).every(Boolean);
    }
  });
}

/** The control a `<label htmlFor>` whose text matches `text` points at (the custom element's host). */
export function controlByLabel(text: RegExp): HTMLElement & { value: string; disabled: boolean } {
  const label = [...document.querySelectorAll('label')].find((l) => text.test(l.textContent ?? ''));
  const control = label?.htmlFor ? document.getElementById(label.htmlFor) : null;
  if (!control) throw new Error(`no control labelled ${String(text)}`);
  return control as HTMLElement & { value: string; disabled: boolean };
}

/** Types `value` into a vscode-textfield/-textarea as the element itself reports it: value, then `input`. */
export function typeInto(control: HTMLElement & { value: string }, value: string): void {
  act(() => {
    control.value = value;
    control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  });
}
