/**
 * Diagnostics of a dependency environment: the error code and message, failing and missing
 * requirements per binding and a "Show output" link (`output/show`); {@link EnvironmentActions},
 * Open Terminal and Export Lock File… of a ready environment (`environment/action`); and
 * {@link CopyValue}, a value shortened in the middle with a copy button (`clipboard/copy`). Usable in
 * read-only mode.
 */
import type { ReactNode } from 'react';
import { Button } from '../controls/Button.js';
import type { EnvironmentEntry } from '../state/editorStore.js';
import { useEditor } from '../state/useEditor.js';
import { shortenMiddle } from './shortenMiddle.js';

/** `label`, `value` shortened in the middle (whole in the tooltip and the accessible name) and a Copy button. */
export function CopyValue({ label, value }: { label: string; value: string }): ReactNode {
  const host = useEditor((s) => s.host);
  return (
    <div className="pg-copy">
      <span className="pg-muted">{label}</span>
      <code title={value} aria-label={`${label}: ${value}`}>
        {shortenMiddle(value, 34)}
      </code>
      <Button
        secondary
        label={`Copy ${label}`}
        title={`Copy ${label}`}
        onClick={() => host.command('clipboard/copy', { text: value })}
      >
        Copy
      </Button>
    </div>
  );
}

/** Renders the diagnostics and the Show output link. */
export function EnvironmentDetails({ entry }: { entry: EnvironmentEntry }): ReactNode {
  const host = useEditor((s) => s.host);
  const { status } = entry;
  const failing = status.bindings.filter((b) => b.failed_requirements.length > 0 || b.missing_requirements.length > 0 || b.code);
  return (
    <div className="pg-env-details">
      {status.state === 'failed' || status.code ? (
        <div
          className={status.state === 'failed' ? 'pg-diagnostic pg-error' : 'pg-diagnostic'}
          role={status.state === 'failed' ? 'alert' : undefined}
        >
          {status.code ? <code>{status.code}</code> : null} {status.message}
        </div>
      ) : null}
      {failing.map((b) => (
        <div key={b.binding_id} className="pg-diagnostic">
          <strong>{b.binding_id}</strong> {b.code ? <code>{b.code}</code> : null} {b.message}
          {b.failed_requirements.length > 0 ? <div>Failing: {b.failed_requirements.join(', ')}</div> : null}
          {b.missing_requirements.length > 0 ? <div>Missing: {b.missing_requirements.join(', ')}</div> : null}
        </div>
      ))}
      <button type="button" className="pg-link" onClick={() => host.command('output/show', {})}>
        Show output
      </button>
    </div>
  );
}

/** Open Terminal and Export Lock File… for the ready environment `environmentKey` (shown in the expanded view). */
export function EnvironmentActions({ environmentKey }: { environmentKey: string }): ReactNode {
  const host = useEditor((s) => s.host);
  return (
    <div className="pg-copy">
      <Button
        secondary
        label="Open Terminal in Environment"
        title="Open a terminal with this environment on PATH"
        onClick={() => host.command('environment/action', { action: 'openTerminal', environmentKey })}
      >
        Open Terminal
      </Button>
      <Button
        secondary
        label="Export Lock File"
        title="Export a pylock.toml or hashed requirements.txt"
        onClick={() => host.command('environment/action', { action: 'exportLock', environmentKey })}
      >
        Export Lock File…
      </Button>
    </div>
  );
}
