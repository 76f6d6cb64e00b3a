/**
 * The Debian packages the vitest suites need, found and (as root) installed before any test runs —
 * the same way `scripts/e2e/setup.sh` prepares chromium and code-server for the journeys. Pure
 * decision (`planSystemPackages`) apart from the effects (`ensureSystemPackages`), so the decision
 * is unit-tested without touching the machine. Commands are argument arrays, never shell strings.
 */
import { spawnSync } from 'node:child_process';

/**
 * What the suites need from the system, by Debian package: Debian's /usr/bin/python3 with venv,
 * pip and a CPU PyTorch (the PyTorch suites and the interpreter-choice tests), and chromium (the
 * browser tests of the webview).
 */
export const REQUIRED_SYSTEM_PACKAGES: readonly string[] = [
  'python3',
  'python3-venv',
  'python3-pip',
  'python3-torch',
  'chromium',
];

/** What to do about the required packages. `install` steps are argv arrays to run in order. */
export type SystemPackagePlan =
  | { readonly kind: 'present' }
  | { readonly kind: 'install'; readonly missing: readonly string[]; readonly steps: readonly (readonly string[])[] }
  | { readonly kind: 'refuse'; readonly missing: readonly string[]; readonly message: string };

/** The facts the plan is made from. `installed` is null when the machine has no dpkg (not Debian). */
export interface SystemPackageFacts {
  readonly required: readonly string[];
  readonly installed: ReadonlySet<string> | null;
  readonly isRoot: boolean;
}

/** The command that installs `missing` (for messages and for the root path). */
export function aptInstallCommand(missing: readonly string[]): string[] {
  return ['apt-get', 'install', '-y', '--no-install-recommends', ...missing];
}

/**
 * Decides: nothing to do when every required package is installed; as root, one `apt-get update`
 * then one install of the missing ones; otherwise refuse with the exact command to run (never a
 * silent skip — the suites that need the package would fail later with a less clear error).
 */
export function planSystemPackages(facts: SystemPackageFacts): SystemPackagePlan {
  if (facts.installed === null) {
    return {
      kind: 'refuse',
      missing: [...facts.required],
      message: `the test suites need Debian packages (${facts.required.join(' ')}) but this machine has no dpkg-query; run them on Debian, or install the equivalents (python3 with venv, pip and torch at /usr/bin/python3; chromium at /usr/bin/chromium)`,
    };
  }
  const installed = facts.installed;
  const missing = facts.required.filter((name) => !installed.has(name));
  if (missing.length === 0) return { kind: 'present' };
  const install = aptInstallCommand(missing);
  if (!facts.isRoot) {
    return {
      kind: 'refuse',
      missing,
      message: `the test suites need Debian packages that are missing: ${missing.join(' ')}. Install them as root, then run the tests again:\n  sudo apt-get update && sudo ${install.join(' ')}`,
    };
  }
  return { kind: 'install', missing, steps: [['apt-get', 'update'], install] };
}

/**
 * Which of `names` dpkg reports as installed (`install ok installed`); null when dpkg-query cannot
 * run. One dpkg-query call for all names; unknown names simply are not in the result.
 */
export function installedDebianPackages(names: readonly string[]): Set<string> | null {
  const query = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...names], { encoding: 'utf8' });
  if (query.error !== undefined) return null;
  const installed = new Set<string>();
  for (const line of query.stdout.split('\n')) {
    const [name, ...status] = line.trim().split(/\s+/);
    if (name !== undefined && name !== '' && status.join(' ') === 'install ok installed') installed.add(name.replace(/:.*$/, ''));
  }
  return installed;
}

/** The effects `ensureSystemPackages` uses; real ones by default, replaceable in a test. */
export interface SystemPackageEffects {
  readonly installed: (names: readonly string[]) => ReadonlySet<string> | null;
  readonly isRoot: () => boolean;
  /** Runs one argv with the output shown; returns its exit status. */
  readonly run: (argv: readonly string[]) => number | null;
  readonly log: (line: string) => void;
}

const realEffects: SystemPackageEffects = {
  installed: installedDebianPackages,
  isRoot: () => typeof process.getuid === 'function' && process.getuid() === 0,
  run: (argv) =>
    spawnSync(argv[0]!, argv.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status,
  log: (line) => process.stderr.write(`[test-setup] ${line}\n`),
};

/**
 * Makes sure the required packages are installed: returns the plan it carried out; throws an Error
 * whose message is the exact command to run when it may not install (not root, not Debian), when
 * a step fails, or when a package is still missing afterwards.
 */
export function ensureSystemPackages(
  required: readonly string[] = REQUIRED_SYSTEM_PACKAGES,
  effects: SystemPackageEffects = realEffects,
): SystemPackagePlan {
  const plan = planSystemPackages({ required, installed: effects.installed(required), isRoot: effects.isRoot() });
  if (plan.kind === 'present') {
    effects.log(`system packages present: ${required.join(' ')}`);
    return plan;
  }
  if (plan.kind === 'refuse') throw new Error(plan.message);
  effects.log(`installing missing system packages: ${plan.missing.join(' ')} (python3-torch takes about 75 s)`);
  for (const step of plan.steps) {
    const status = effects.run(step);
    if (status !== 0)
      throw new Error(
        `\`${step.join(' ')}\` exited with ${String(status)}; install the packages and run the tests again: ${aptInstallCommand(plan.missing).join(' ')}`,
      );
  }
  const after = effects.installed(required);
  const still = plan.missing.filter((name) => after === null || !after.has(name));
  if (still.length > 0) throw new Error(`still missing after apt-get install: ${still.join(' ')}`);
  return plan;
}
