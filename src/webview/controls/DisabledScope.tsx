/**
 * Read-only for a whole group of controls, like `<fieldset disabled>` for native ones: web
 * components are not disabled by a fieldset ancestor (vscode-elements implement no
 * `formDisabledCallback`), so every wrapper in this folder reads the nearest scope.
 */
import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';

const DisabledContext = createContext(false);

/** Disables every control of this folder rendered inside it (scopes nest: any disabled ancestor wins). */
export function DisabledScope({ disabled, children }: { readonly disabled: boolean; readonly children?: ReactNode }): ReactNode {
  const outer = useContext(DisabledContext);
  return <DisabledContext.Provider value={outer || disabled}>{children}</DisabledContext.Provider>;
}

/** True inside a disabled {@link DisabledScope}. */
export function useScopeDisabled(): boolean {
  return useContext(DisabledContext);
}
