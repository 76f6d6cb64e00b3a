/**
 * The base / override / effective view of a dependency-environment node as a per-binding list:
 * one line per field — the field, its effective value (shortened in the middle, whole in the
 * tooltip and the accessible name) and where it came from as a badge (base, override, machine).
 * Replaces a six-column table that no node width could hold.
 */
import type { ReactNode } from 'react';
import type { ValueRow } from './effectiveRows.js';
import { shortenMiddle } from './shortenMiddle.js';

/** Characters of a value shown before it is shortened in the middle. */
export const VALUE_CHARS = 48;

const PROVENANCE_TITLES: Readonly<Record<ValueRow['provenance'], string>> = {
  base: 'from the model’s pinned requirements',
  override: 'from an override stored in this node',
  machine: 'from this machine’s settings',
  none: 'not set',
  unknown: 'stored override (base known after Ensure)',
};

/** Rows grouped by binding (and requirement), in first-seen order. */
function groups(rows: readonly ValueRow[]): { key: string; title: string; rows: ValueRow[] }[] {
  const byKey = new Map<string, { key: string; title: string; rows: ValueRow[] }>();
  for (const r of rows) {
    const key = r.requirement ? `${r.binding_id} › ${r.requirement}` : r.binding_id;
    let group = byKey.get(key);
    if (!group) byKey.set(key, (group = { key, title: key, rows: [] }));
    group.rows.push(r);
  }
  return [...byKey.values()];
}

/** One field: name, effective value, provenance badge; base and override in the tooltip. */
function ValueLine({ row }: { row: ValueRow }): ReactNode {
  const value = row.effective ?? row.override ?? '—';
  const provenance = row.provenance === 'unknown' ? 'override' : row.provenance;
  const detail = [
    `${row.field} = ${value}`,
    row.base !== undefined ? `base: ${row.base}` : undefined,
    row.override !== undefined ? `override: ${row.override}` : undefined,
    PROVENANCE_TITLES[row.provenance],
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <li className={`pg-binding-value pg-prov-${row.provenance}`} title={detail}>
      <span className="pg-binding-field">{row.field}</span>
      <code className="pg-binding-effective" aria-label={`${row.field}: ${value}`}>
        {shortenMiddle(value, VALUE_CHARS)}
      </code>
      {row.provenance === 'none' ? null : (
        <span className={`pg-prov-badge pg-prov-badge-${provenance}`} title={PROVENANCE_TITLES[row.provenance]}>
          {provenance}
        </span>
      )}
    </li>
  );
}

/** Renders the rows grouped per binding; nothing when there are none. */
export function BindingValuesList({ rows, note }: { rows: readonly ValueRow[]; note?: string }): ReactNode {
  if (rows.length === 0) return note ? <div className="pg-muted">{note}</div> : null;
  return (
    <div className="pg-binding-values">
      {groups(rows).map((g) => (
        <section key={g.key} className="pg-binding" aria-label={`Binding ${g.title}`}>
          <div className="pg-binding-title">{g.title}</div>
          <ul className="pg-binding-list">
            {g.rows.map((r) => (
              <ValueLine key={r.field} row={r} />
            ))}
          </ul>
        </section>
      ))}
      {note ? <div className="pg-muted">{note}</div> : null}
    </div>
  );
}
