import { describe, expect, it } from 'vitest';
import { isUndoRedo, shortcutFor } from '../../src/webview/state/useEditorShortcuts.js';

describe('keyboard shortcuts', () => {
  const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });
  it('leaves undo and redo to VS Code', () => {
    for (const e of [
      key('z', { ctrlKey: true }),
      key('Z', { ctrlKey: true, shiftKey: true }),
      key('y', { ctrlKey: true }),
      key('z', { metaKey: true }),
    ]) {
      expect(isUndoRedo(e)).toBe(true);
      expect(shortcutFor(e)).toBeNull();
    }
  });
  it('maps editing chords', () => {
    expect(shortcutFor(key('Delete'))).toBe('delete');
    expect(shortcutFor(key('Backspace'))).toBe('delete');
    expect(shortcutFor(key('c', { ctrlKey: true }))).toBe('copy');
    expect(shortcutFor(key('v', { metaKey: true }))).toBe('paste');
    expect(shortcutFor(key('d', { ctrlKey: true }))).toBe('duplicate');
    expect(shortcutFor(key('A', { shiftKey: true }))).toBe('palette');
    expect(shortcutFor(key('k', { ctrlKey: true }))).toBe('palette');
    expect(shortcutFor(key('a'))).toBeNull();
  });
});
