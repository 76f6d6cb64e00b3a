/** The base / override / effective table of a dependency-environment node, with provenance. */
import type { ReactNode } from 'react';
import type { ValueRow } from './effectiveRows.js';

/** Renders the rows grouped by binding and requirement; nothing when there are no rows. */
export function EffectiveValuesTable({ rows, note }: { rows: readonly ValueRow[]; note?: string }): ReactNode {
  if (rows.length === 0) return null;
  return (
    <div className="pg-table-wrap">
      <table className="pg-table" aria-label="Effective values">
        <thead>
          <tr>
            <th scope="col">Binding / requirement</th>
            <th scope="col">Field</th>
            <th scope="col">Base</th>
            <th scope="col">Override</th>
            <th scope="col">Effective</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} className={`pg-prov-${r.provenance}`}>
              <td>{r.requirement ? `${r.binding_id} › ${r.requirement}` : r.binding_id}</td>
              <td>{r.field}</td>
              <td>{r.base ?? '—'}</td>
              <td>{r.override ?? '—'}</td>
              <td>{r.effective ?? '—'}</td>
              <td>{r.provenance === 'unknown' ? '?' : r.provenance}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {note ? <div className="pg-muted">{note}</div> : null}
    </div>
  );
}
