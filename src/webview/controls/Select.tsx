/**
 * `<vscode-single-select>` with `<vscode-option>`s as a controlled select: `value` in, the picked
 * value out through `onValue` (the `change` event; only ever one of the options' values); with
 * `filterable`, a combobox that filters the options as you type (arrows highlight, Enter picks). Disabled by its prop or an enclosing {@link DisabledScope}.
 */
import type { ReactNode } from 'react';
import { useScopeDisabled } from './DisabledScope.js';
import { VscodeOption, VscodeSingleSelect } from './vscodeElements.js';

/** One option of a {@link Select}. */
export interface SelectOption {
  readonly value: string;
  readonly label: string;
  readonly description?: string;
}

/** Props of {@link Select}. */
export interface SelectProps {
  readonly id?: string;
  /** The accessible name of the listbox. */
  readonly label: string;
  readonly value: string;
  readonly options: readonly SelectOption[];
  /** Type to filter the options (combobox mode; substring match). */
  readonly filterable?: boolean;
  readonly disabled?: boolean;
  onValue(value: string): void;
}

/** The select. */
export function Select({ id, label, value, options, filterable, disabled, onValue }: SelectProps): ReactNode {
  const off = useScopeDisabled() || disabled === true;
  return (
    <VscodeSingleSelect
      id={id}
      label={label}
      value={value}
      combobox={filterable === true}
      filter="contains"
      disabled={off}
      aria-disabled={off ? 'true' : undefined}
      onChange={(e) => {
        // Enter in the combobox with no option highlighted "selects" '': never report a value that is no option.
        const next = (e.currentTarget as unknown as { value: string }).value;
        if (options.some((o) => o.value === next)) onValue(next);
      }}
    >
      {options.map((o) => (
        <VscodeOption key={o.value} value={o.value} description={o.description} selected={o.value === value}>
          {o.label}
        </VscodeOption>
      ))}
    </VscodeSingleSelect>
  );
}
