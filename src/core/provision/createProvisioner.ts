/** Picks the {@link EnvironmentProvisioner} for an environment kind. */
import type { EnvironmentKind } from '../contracts/requirements.js';
import { InterpreterProvisioner } from './interpreterProvisioner.js';
import type { EnvironmentProvisioner, ProvisionerDeps } from './provisioner.js';
import { VenvProvisioner } from './venvProvisioner.js';

/**
 * The provisioner for `kind`: `python-venv` → isolated venv per key; `python` → the interpreter
 * itself. Platform differences (paths, the null device) come from `deps.platform`; no OS
 * branching happens elsewhere.
 */
export function createProvisioner(kind: EnvironmentKind, deps: ProvisionerDeps): EnvironmentProvisioner {
  return kind === 'python-venv' ? new VenvProvisioner(deps) : new InterpreterProvisioner(deps);
}
