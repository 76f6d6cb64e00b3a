/** A `<vscode-button>` that is disabled by its `disabled` prop or an enclosing {@link DisabledScope}. */
import type { ReactNode } from 'react';
import { useScopeDisabled } from './DisabledScope.js';
import { VscodeButton } from './vscodeElements.js';

/** Props of {@link Button}. */
export interface ButtonProps {
  readonly children: ReactNode;
  onClick(): void;
  readonly disabled?: boolean;
  /** The less prominent (secondary) style. */
  readonly secondary?: boolean;
  /** A toggle button's state (`aria-pressed`); omit for a plain button. */
  readonly pressed?: boolean;
  readonly title?: string;
  readonly label?: string;
  readonly className?: string;
}

/**
 * The button. A disabled one also carries `aria-disabled` (vscode-button sets only the `disabled`
 * attribute, which assistive technology and `isDisabled()` ignore on a custom element) and drops
 * `onClick`: a click dispatched at the host would still reach React.
 * @example <Button secondary onClick={fit}>Fit view</Button>
 */
export function Button({ children, onClick, disabled, secondary, pressed, title, label, className }: ButtonProps): ReactNode {
  const off = useScopeDisabled() || disabled === true;
  return (
    <VscodeButton
      className={className}
      secondary={secondary === true}
      disabled={off}
      aria-disabled={off ? 'true' : undefined}
      aria-pressed={pressed === undefined ? undefined : pressed ? 'true' : 'false'}
      aria-label={label}
      title={title}
      onClick={off ? undefined : () => onClick()}
    >
      {children}
    </VscodeButton>
  );
}
