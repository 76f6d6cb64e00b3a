/** Picks the {@link EnvironmentProvisioner} for an environment kind and installer. */
import type { EnvironmentKind } from '../contracts/requirements.js';
import { InterpreterProvisioner } from './interpreterProvisioner.js';
import type { EnvironmentProvisioner, InstallerName, ProvisionerDeps } from './provisioner.js';
import { StoreVenvProvisioner } from './storeVenvProvisioner.js';
import { VenvProvisioner } from './venvProvisioner.js';

/** The installer of a `python-venv` environment and, for `store`, the data dir holding the package store. */
export type InstallerSelection = { readonly installer: 'pip' } | { readonly installer: 'store'; readonly dataDir: string };

/**
 * The provisioner for `kind`: `python-venv` → isolated venv per key, filled by pip (default here)
 * or, with `{ installer: 'store', dataDir }`, from the shared package store; `python` → the
 * interpreter itself (the installer selection is ignored). Platform differences (paths, the null
 * device) come from `deps.platform`; no OS branching happens elsewhere.
 */
export function createProvisioner(
  kind: EnvironmentKind,
  deps: ProvisionerDeps,
  selection: InstallerSelection = { installer: 'pip' },
): EnvironmentProvisioner {
  if (kind !== 'python-venv') return new InterpreterProvisioner(deps);
  return selection.installer === 'store' ? new StoreVenvProvisioner(deps, selection.dataDir) : new VenvProvisioner(deps);
}

/** The effective installer and, when the requested `store` cannot be used, why (said in the output). */
export interface InstallerChoice {
  readonly installer: InstallerName;
  readonly fallbackReason: string | null;
}

const VCS_OR_EDITABLE = /^(?:-e\b|--editable\b|(?:git|hg|svn|bzr)\+)/i;

/**
 * Decides the installer of an environment before its key is computed (the installer is part of
 * the key). `python` kind → `pip` (untouched). `store` falls back to `pip` for a base pip older than
 * 22.2 (no `--report`) and for editable or VCS requirements. Pure.
 */
export function chooseInstaller(
  requested: InstallerName,
  kind: EnvironmentKind,
  basePipVersion: string | null,
  sources: readonly (string | null)[],
  canReport: (pipVersion: string | null) => boolean,
): InstallerChoice {
  if (kind !== 'python-venv' || requested === 'pip') return { installer: 'pip', fallbackReason: null };
  if (!canReport(basePipVersion))
    return {
      installer: 'pip',
      fallbackReason: `the base interpreter's pip (${basePipVersion ?? 'none'}) is older than 22.2, so the package store cannot resolve; installing with pip`,
    };
  const vcs = sources.find((s): s is string => s !== null && VCS_OR_EDITABLE.test(s.trim()));
  if (vcs !== undefined)
    return {
      installer: 'pip',
      fallbackReason: `an editable or VCS requirement (${/^[^:\s]+/.exec(vcs.trim())?.[0] ?? 'vcs'}) cannot come from the package store; installing with pip`,
    };
  return { installer: 'store', fallbackReason: null };
}
