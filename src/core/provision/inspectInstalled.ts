/**
 * Deep validation: which of the pinned distributions an interpreter can import, in ONE Python
 * process. An inline script reads `importlib.metadata` (falling back to `pkg_resources` on
 * Python < 3.8) and evaluates requirement markers with `packaging` when available; TypeScript
 * compares versions with PEP 440 rules ({@link versionMatchesPin}).
 */
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';
import { buildChildEnvironment } from '../process/childEnvironment.js';
import type { ProcessRunner } from '../process/processRunner.js';
import { normalizePackageName } from '../requirements/packageName.js';
import { versionMatchesPin } from '../requirements/pep440.js';
import { tailLines } from './processOutput.js';

/** A pin to check. `markers` that evaluate false in the interpreter make the pin not apply. */
export interface PinnedRequirement {
  readonly name: string;
  /** `==<version>`. */
  readonly exact_pin: string;
  readonly markers?: string | null;
}

/** One requested distribution that is installed. */
export interface InstalledPackage {
  readonly name: string;
  readonly version: string;
  readonly pin: string;
  /** True when `version` satisfies `pin` by PEP 440 rules (`2.5.1+cu121` satisfies `==2.5.1`). */
  readonly ok: boolean;
}

/** The outcome of an inspection. Names are PEP 503 normalized and sorted. */
export interface InstalledCheck {
  /** True when nothing is missing or mismatched. */
  readonly satisfied: boolean;
  /** The interpreter's `major.minor.micro`. */
  readonly pythonVersion: string;
  readonly installed: readonly InstalledPackage[];
  readonly missing: readonly string[];
  readonly mismatched: readonly string[];
  /** Pins whose markers are false for this interpreter (not required here). */
  readonly notApplicable: readonly string[];
}

const MARKER = 'PANTOGRAPH_INSPECT ';

/** The inline inspection script; argv[1] is `{"names": [...], "markers": {name: marker}}`. */
export const INSPECT_SCRIPT = [
  'import json, re, sys',
  'req = json.loads(sys.argv[1])',
  'def norm(n): return re.sub(r"[-_.]+", "-", n).lower()',
  'wanted = set(req["names"])',
  'found = {}',
  'try:',
  '    from importlib import metadata as md',
  '    for d in md.distributions():',
  '        n = d.metadata["Name"]',
  '        k = norm(n) if n else None',
  '        if k in wanted and k not in found: found[k] = d.version',
  'except ImportError:',
  '    import pkg_resources',
  '    for d in pkg_resources.working_set:',
  '        k = norm(d.project_name)',
  '        if k in wanted and k not in found: found[k] = d.version',
  'markers = {}',
  'if req["markers"]:',
  '    Marker = None',
  '    for mod in ("packaging.markers", "pip._vendor.packaging.markers"):',
  '        try:',
  '            Marker = __import__(mod, fromlist=["Marker"]).Marker',
  '            break',
  '        except Exception:',
  '            pass',
  '    if Marker is None:',
  '        try:',
  '            import site',
  '            sys.path.extend(p for p in site.getsitepackages([sys.base_prefix]) if p not in sys.path)',
  '            from pip._vendor.packaging.markers import Marker',
  '        except Exception:',
  '            Marker = None',
  '    for k, m in req["markers"].items():',
  '        try:',
  '            markers[k] = bool(Marker(m).evaluate()) if Marker else None',
  '        except Exception:',
  '            markers[k] = None',
  `print(${JSON.stringify(MARKER)} + json.dumps({"python": "%d.%d.%d" % tuple(sys.version_info[:3]), "distributions": found, "markers": markers}))`,
].join('\n');

/** What {@link inspectInstalled} needs. */
export interface InspectDeps {
  readonly runner: ProcessRunner;
  readonly platform: NodeJS.Platform;
  readonly parentEnv: Readonly<Record<string, string | undefined>>;
}

/**
 * Runs {@link INSPECT_SCRIPT} with `python -I` (no cwd or user site on `sys.path`) and compares
 * what it reports with `requirements`. One process. Errors: `cancelled` when aborted,
 * `dependency_check_failed` when Python fails or prints no report.
 */
export async function inspectInstalled(
  deps: InspectDeps,
  python: string,
  requirements: readonly PinnedRequirement[],
  options: { signal?: AbortSignal } = {},
): Promise<Result<InstalledCheck>> {
  const pins = new Map<string, PinnedRequirement>();
  for (const r of requirements) pins.set(normalizePackageName(r.name), r);
  const markers: Record<string, string> = {};
  for (const [name, r] of pins) if (r.markers && r.markers.trim() !== '') markers[name] = r.markers.trim();
  const payload = JSON.stringify({ names: [...pins.keys()].sort(), markers });
  const result = await deps.runner.run({
    file: python,
    args: ['-I', '-c', INSPECT_SCRIPT, payload],
    env: buildChildEnvironment(deps.parentEnv, deps.platform),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (result.cancelled) return fail(structuredError('cancelled', 'The installed-package check was cancelled.'));
  const line = result.stdout.split(/\r?\n/).find((l) => l.startsWith(MARKER));
  if (result.exitCode !== 0 || line === undefined) {
    return fail(
      structuredError(
        'dependency_check_failed',
        `Checking installed packages with ${python} failed (exit ${result.exitCode ?? result.signal ?? 'none'}): ${result.spawnError ?? tailLines(result.stderr || result.stdout, 10)}`,
      ),
    );
  }
  const report = JSON.parse(line.slice(MARKER.length)) as {
    python: string;
    distributions: Record<string, string>;
    markers: Record<string, boolean | null>;
  };
  return ok(compareInstalled(pins, report));
}

function compareInstalled(
  pins: ReadonlyMap<string, PinnedRequirement>,
  report: { python: string; distributions: Record<string, string>; markers: Record<string, boolean | null> },
): InstalledCheck {
  const installed: InstalledPackage[] = [];
  const missing: string[] = [];
  const mismatched: string[] = [];
  const notApplicable: string[] = [];
  for (const name of [...pins.keys()].sort()) {
    const pin = pins.get(name)!.exact_pin;
    const version = report.distributions[name];
    const applies = report.markers[name] !== false;
    if (!applies) notApplicable.push(name);
    if (version === undefined) {
      if (applies) missing.push(name);
      continue;
    }
    const matches = versionMatchesPin(version, pin);
    installed.push({ name, version, pin, ok: matches });
    if (!matches && applies) mismatched.push(name);
  }
  return {
    satisfied: missing.length === 0 && mismatched.length === 0,
    pythonVersion: report.python,
    installed,
    missing,
    mismatched,
    notApplicable,
  };
}
