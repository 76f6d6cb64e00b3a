/**
 * The gate every inference node passes before it starts Python: the `environment_ref` input must
 * be a parseable EnvironmentRefV1 in state `ready` with a `python_executable`. Anything else is
 * an `environment_not_ready` error naming the node — never a fallback to another interpreter.
 */
import { isRunnableRef, parseEnvironmentRef } from '../contracts/environmentRef.js';
import type { EnvironmentRefV1 } from '../contracts/environmentRef.js';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';

/** A ref that may be used to run Python. */
export type RunnableEnvironmentRef = EnvironmentRefV1 & { python_executable: string };

const HINT = 'Connect a Dependency Environment node to environment_ref and run Ensure Environment.';

/**
 * Checks `ref` (the raw `environment_ref` input value) for node `nodeId`. Errors carry the path
 * `[nodeId, 'environment_ref']` and say what is wrong: no ref, an unparseable ref, a ref whose
 * state is not `ready` (the state is named), or a ready ref without `python_executable`. Pure.
 */
export function checkEnvironmentGate(ref: unknown, nodeId: string): Result<RunnableEnvironmentRef> {
  const notReady = (why: string) =>
    fail<RunnableEnvironmentRef>(
      structuredError(
        'environment_not_ready',
        `Node ${nodeId}: ${why}; connect a Dependency Environment node and run Ensure Environment.`,
        [nodeId, 'environment_ref'],
        HINT,
      ),
    );
  if (ref === undefined || ref === null) return notReady('no environment_ref is connected');
  const parsed = parseEnvironmentRef(ref);
  if (!parsed.ok) {
    const detail = parsed.errors.map((e) => `${e.path.join('.') || '(root)'}: ${e.message}`).join('; ');
    return notReady(`the environment_ref is not a valid environment reference (${detail})`);
  }
  const value = parsed.value;
  if (value.state !== 'ready') return notReady(`the environment is ${value.state}, not ready`);
  if (!isRunnableRef(value)) return notReady('the environment_ref is ready but names no python_executable');
  return ok(value);
}
