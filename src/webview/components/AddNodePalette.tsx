/**
 * The add-node search palette: type to filter the registry's node types, arrows to move, Enter
 * (or click) to add at the position the palette was opened for, Escape to close.
 */
import { useMemo, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { NODE_TYPES } from '../../core/workflow/nodeTypes.js';
import type { NodeTypeDefinition } from '../../core/workflow/nodeTypes.js';

/** Node types matching `query` (title, type, category or description; case-insensitive). Pure. */
export function filterNodeTypes(query: string): NodeTypeDefinition[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return Object.values(NODE_TYPES).filter((t) => {
    const hay = `${t.title} ${t.nodeType} ${t.category} ${t.description}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** Props of {@link AddNodePalette}. */
export interface AddNodePaletteProps {
  /** Where the palette sits, in screen pixels relative to the editor. */
  readonly at: { readonly x: number; readonly y: number };
  onPick(nodeType: string): void;
  onClose(): void;
}

/** The palette overlay. */
export function AddNodePalette({ at, onPick, onClose }: AddNodePaletteProps): ReactNode {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const matches = useMemo(() => filterNodeTypes(query), [query]);
  const current = Math.min(active, Math.max(0, matches.length - 1));

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown') setActive((current + 1) % Math.max(1, matches.length));
    else if (e.key === 'ArrowUp') setActive((current - 1 + matches.length) % Math.max(1, matches.length));
    else if (e.key === 'Enter') {
      const pick = matches[current];
      if (pick) onPick(pick.nodeType);
    } else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className="pg-palette" style={{ left: at.x, top: at.y }} role="dialog" aria-label="Add node">
      <input
        autoFocus
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls="pg-palette-list"
        aria-activedescendant={matches[current] ? `pg-palette-${matches[current].nodeType}` : undefined}
        placeholder="Add node…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={onClose}
      />
      <ul id="pg-palette-list" role="listbox">
        {matches.map((t, i) => (
          <li
            key={t.nodeType}
            id={`pg-palette-${t.nodeType}`}
            role="option"
            aria-selected={i === current}
            className={i === current ? 'pg-active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(t.nodeType);
            }}
          >
            <span className="pg-palette-title">{t.title}</span>
            <span className="pg-muted">{t.category}</span>
          </li>
        ))}
        {matches.length === 0 ? <li className="pg-muted">No node type matches</li> : null}
      </ul>
    </div>
  );
}
