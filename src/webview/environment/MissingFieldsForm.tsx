/**
 * Inline inputs for exactly the `missing_fields` of a `needs_user_input` status. Each value is
 * validated as it is typed; Save sends one batch of `set_override_patch` edits and nothing at all
 * while any value is invalid.
 */
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { Button } from '../controls/Button.js';
import { TextField } from '../controls/TextField.js';
import type { MissingField } from '../../core/contracts/environmentStatus.js';
import { missingFieldKey, missingFieldProblems, overridePatchEdits } from './missingFieldPatches.js';

/** Props of {@link MissingFieldsForm}. */
export interface MissingFieldsFormProps {
  readonly nodeId: string;
  readonly missing: readonly MissingField[];
  readonly existingPatches: unknown;
  readonly disabled: boolean;
  /** Sends the edits; returns false when they were not sent. */
  submit(edits: ReturnType<typeof overridePatchEdits>): boolean;
}

const PLACEHOLDERS: Readonly<Record<string, string>> = {
  index_url: 'https://download.pytorch.org/whl/cpu',
  extra_index_urls: 'https://… (comma separated)',
  wheel_source_path: '/absolute/path/to/wheels',
  python_executable: '/usr/bin/python3.12',
};

/** The needs-user-input form. */
export function MissingFieldsForm({ nodeId, missing, existingPatches, disabled, submit }: MissingFieldsFormProps): ReactNode {
  const [values, setValues] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const problems = missingFieldProblems(missing, values);
  const valid = Object.values(problems).every((p) => p === undefined);

  const save = (): void => {
    setTouched(Object.fromEntries(missing.map((m) => [missingFieldKey(m), true])));
    if (!valid) return;
    const edits = overridePatchEdits(nodeId, missing, values, existingPatches, new Date().toISOString());
    if (edits.length > 0 && submit(edits)) {
      // Saved: start clean, so the emptied inputs do not show "required" while the status catches up.
      setValues({});
      setTouched({});
    }
  };
  // Enter in a field submits the form (vscode-textfield asks its form to); Save is a plain button.
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    save();
  };

  return (
    <form className="pg-missing" onSubmit={onSubmit} aria-label="Missing fields" noValidate>
      <div className="pg-section-title">Needs your input</div>
      {missing.map((m) => {
        const key = missingFieldKey(m);
        const id = `pg-missing-${nodeId}-${key.replace(/\W+/g, '-')}`;
        const problem = touched[key] || (values[key] ?? '') !== '' ? problems[key] : undefined;
        const name = `${m.field} — ${m.requirement_name ? `${m.requirement_name} in ` : ''}${m.binding_id}`;
        return (
          <div className="pg-field" key={key}>
            <label htmlFor={id}>
              {m.field}
              <span className="pg-muted">
                {' '}
                — {m.requirement_name ? `${m.requirement_name} in ` : ''}
                {m.binding_id}
              </span>
            </label>
            <TextField
              id={id}
              // The input sits in the element's shadow DOM: aria-describedby cannot reach the reason below, so the name carries it.
              label={`${name}: ${m.reason}`}
              value={values[key] ?? ''}
              placeholder={PLACEHOLDERS[m.field]}
              disabled={disabled}
              invalid={problem !== undefined}
              onValue={(text) => setValues({ ...values, [key]: text })}
              onBlur={() => setTouched({ ...touched, [key]: true })}
            />
            <span className="pg-muted">{m.reason}</span>
            {problem ? (
              <span className="pg-error" role="alert">
                {problem}
              </span>
            ) : null}
          </div>
        );
      })}
      <div>
        <Button onClick={save} disabled={disabled}>
          Save overrides
        </Button>
      </div>
    </form>
  );
}
