/**
 * One parameter bound to `node.data[name]`: text, long text or number. Local while typing; the
 * value is committed as a `set_node_data` edit on blur or Enter (Escape reverts). Re-syncs when
 * the host state changes the value. While the editor defers its controls (the first frame after
 * opening, see `EditorState.controlsDeferred`) it shows a static preview of the same size instead,
 * hidden from assistive technology; pressing it makes the controls real at once.
 */
import { useEffect, useId, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { TextArea, TextField } from '../controls/TextField.js';
import { useEditor } from '../state/useEditor.js';

/** Props of {@link ParamField}. */
export interface ParamFieldProps {
  readonly label: string;
  readonly kind: 'text' | 'textarea' | 'number';
  readonly value: unknown;
  readonly disabled?: boolean;
  /** Shown instead of the input (e.g. "connected"). */
  readonly note?: string;
  onCommit(value: unknown): void;
}

function toText(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** A labelled parameter input committing on blur/Enter. */
export function ParamField({ label, kind, value, disabled, note, onCommit }: ParamFieldProps): ReactNode {
  const id = useId();
  const [text, setText] = useState(toText(value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(toText(value)), [value]);

  const commit = (): void => {
    if (kind !== 'number') return onCommit(text);
    if (text.trim() === '') return onCommit(undefined);
    const n = Number(text);
    if (!Number.isFinite(n)) return setError('not a number');
    setError(null);
    onCommit(n);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>): void => {
    if (e.key === 'Enter' && (kind !== 'textarea' || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      commit();
    } else if (e.key === 'Escape') {
      setText(toText(value));
      setError(null);
    }
  };
  const { deferred, activate } = useEditor((s) => ({ deferred: s.controlsDeferred, activate: s.activateControls }));
  const common = { id, label, value: text, disabled, invalid: error !== null, onBlur: commit, onKeyDown, onValue: setText };
  const input = deferred ? (
    <div
      className={`pg-input-preview pg-input-preview-${kind === 'textarea' ? 'textarea' : 'text'}`}
      aria-hidden="true"
      onPointerDown={activate}
    >
      {text}
    </div>
  ) : kind === 'textarea' ? (
    <TextArea rows={3} {...common} />
  ) : (
    <TextField {...common} />
  );
  return (
    <div className="pg-field">
      <label htmlFor={id}>{label}</label>
      {note ? <span className="pg-muted">{note}</span> : input}
      {error ? (
        <span className="pg-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
