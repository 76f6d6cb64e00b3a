/**
 * `<vscode-textfield>` and `<vscode-textarea>` as controlled text inputs: `value` in, every
 * keystroke out through `onValue` (the `input` event), disabled by their prop or an enclosing
 * {@link DisabledScope}. The native input lives in the element's shadow DOM, so its accessible
 * name is the `label` prop (a `<label htmlFor>` still focuses it on click, but cannot name it).
 */
import type { KeyboardEvent, ReactNode } from 'react';
import { useScopeDisabled } from './DisabledScope.js';
import { VscodeTextarea, VscodeTextfield } from './vscodeElements.js';

/** Props of {@link TextField} and {@link TextArea}. */
export interface TextFieldProps {
  /** The host element's id (what a `<label htmlFor>` points at). */
  readonly id?: string;
  /** The accessible name of the input. */
  readonly label: string;
  readonly value: string;
  readonly placeholder?: string;
  readonly disabled?: boolean;
  /** Shows the error border. */
  readonly invalid?: boolean;
  onValue(value: string): void;
  onBlur?(): void;
  onKeyDown?(e: KeyboardEvent<HTMLElement>): void;
}

/** The value of the element an `input` event was dispatched on. */
const valueOf = (e: Event): string => (e.currentTarget as { value?: unknown } | null)?.value as string;

/** What both inputs pass to their element: identity, value, state and the events. */
function useCommonProps({ id, label, value, placeholder, disabled, invalid, onValue, onBlur, onKeyDown }: TextFieldProps) {
  const off = useScopeDisabled() || disabled === true;
  return {
    id,
    label,
    value,
    placeholder,
    disabled: off,
    invalid: invalid === true,
    onInput: (e: Event) => onValue(valueOf(e)),
    onBlur,
    onKeyDown,
  };
}

/** A one-line text input. */
export function TextField(props: TextFieldProps): ReactNode {
  return <VscodeTextfield {...useCommonProps(props)} />;
}

/** A multi-line text input of `rows` rows. */
export function TextArea({ rows = 3, ...props }: TextFieldProps & { readonly rows?: number }): ReactNode {
  return <VscodeTextarea {...useCommonProps(props)} rows={rows} resize="vertical" />;
}
