/** React context carrying the editor store, and the selector hook components read it through. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { EditorStore, EditorStoreApi } from './editorStore.js';

/** The store of the current editor; provided by `<App>`. */
export const EditorStoreContext = createContext<EditorStoreApi | null>(null);

/** The store API itself (for imperative reads in event handlers). Throws outside a provider. */
export function useEditorStoreApi(): EditorStoreApi {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('EditorStoreContext is missing: render inside <App> or provide a store');
  return store;
}

/**
 * Reads a slice of the store through a shallow-compared selector, so a component re-renders only
 * when its slice changes.
 * @example const { readOnly, applyEdits } = useEditor((s) => ({ readOnly: s.readOnly, applyEdits: s.applyEdits }));
 */
export function useEditor<T>(selector: (state: EditorStore) => T): T {
  return useStore(useEditorStoreApi(), useShallow(selector));
}
