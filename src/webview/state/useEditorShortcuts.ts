/**
 * Keyboard shortcuts of the canvas. Undo/redo (Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z, Ctrl/Cmd+Y) are
 * deliberately left alone — no handler, no `preventDefault`, nothing posted — so VS Code's own
 * keybindings undo and redo the text document. Shortcuts are ignored while typing in a field,
 * including the vscode-elements text fields (shadow DOM: see {@link isTypingEvent}).
 */
import { useEffect } from 'react';
import type { EditorStoreApi } from './editorStore.js';
import { copySelected, deleteSelected, duplicateSelected, pasteClipboard, selectAll } from './editorCommands.js';

/** What a key press means to the canvas. */
export type ShortcutAction = 'delete' | 'copy' | 'paste' | 'duplicate' | 'selectAll' | 'palette';

type KeyLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>;

/** True for the undo/redo chords VS Code must receive untouched. */
export function isUndoRedo(e: KeyLike): boolean {
  const key = e.key.toLowerCase();
  return (e.ctrlKey || e.metaKey) && (key === 'z' || key === 'y');
}

/** The canvas action of a key press, or `null` (undo/redo is always `null`). Pure. */
export function shortcutFor(e: KeyLike): ShortcutAction | null {
  if (isUndoRedo(e) || e.altKey) return null;
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) return 'delete';
  if (!mod && e.shiftKey && key === 'a') return 'palette';
  if (!mod) return null;
  if (e.shiftKey) return null;
  return ({ c: 'copy', v: 'paste', d: 'duplicate', a: 'selectAll', k: 'palette' } as const)[key as 'c'] ?? null;
}

/**
 * Text entry: native fields, editable elements, and the vscode-elements whose native input sits in
 * their shadow DOM (a key typed there reaches `window` retargeted to the host element).
 */
const EDITABLE =
  'input, textarea, select, [contenteditable=""], [contenteditable="true"], vscode-textfield, vscode-textarea, vscode-single-select, vscode-multi-select';

/** True when the event target is a text field, select, or editable element (or inside one). */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return target.closest(EDITABLE) !== null;
}

/** True when a key event was typed into a text field, also one inside a shadow root. */
export function isTypingEvent(e: Pick<Event, 'target' | 'composedPath'>): boolean {
  return isEditableTarget(e.composedPath()[0] ?? null) || isEditableTarget(e.target);
}

/** Installs the shortcuts on `window` for as long as the component is mounted. */
export function useEditorShortcuts(store: EditorStoreApi, openPalette: () => void): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent): void => {
      const action = shortcutFor(e);
      if (action === null || isTypingEvent(e)) return;
      const handled = {
        delete: () => deleteSelected(store),
        copy: () => copySelected(store),
        paste: () => pasteClipboard(store),
        duplicate: () => duplicateSelected(store),
        selectAll: () => selectAll(store),
        palette: () => (store.getState().readOnly ? false : (openPalette(), true)),
      }[action]();
      if (handled || action === 'duplicate' || action === 'palette') e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store, openPalette]);
}
