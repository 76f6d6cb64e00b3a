/** Shown instead of the canvas when the file cannot be parsed: every error and "Open as text". */
import type { ReactNode } from 'react';
import { Button } from '../controls/Button.js';
import { useEditor } from '../state/useEditor.js';

/** The parse-error view. */
export function ErrorView(): ReactNode {
  const { errors, host } = useEditor((s) => ({ errors: s.errors, host: s.host }));
  return (
    <div className="pg-error-view" role="alert">
      <h2>This workflow cannot be shown as a graph</h2>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            <code>{e.code}</code> {e.message}
            {e.line !== undefined ? (
              <span className="pg-muted">
                {' '}
                (line {e.line}
                {e.column !== undefined ? `:${e.column}` : ''})
              </span>
            ) : null}
            {e.hint ? <div className="pg-muted">{e.hint}</div> : null}
          </li>
        ))}
      </ul>
      <Button onClick={() => host.command('document/openAsText', {})}>Open as text</Button>
    </div>
  );
}
