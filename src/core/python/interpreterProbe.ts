/**
 * Probing an interpreter: one Python process running a small inline script that prints the
 * {@link InterpreterFacts} as one marked JSON line. Results are cached by path + mtime + size, so a
 * probe of an unchanged interpreter starts no process.
 *
 * The script runs with `-E -s` (ignore `PYTHON*` variables and the user site) rather than `-I`,
 * which Python 2 rejects: a 2.7 interpreter is then reported with its version instead of looking
 * like a broken program. The script removes the working directory from `sys.path` before its
 * first import, which is the remaining part of `-I`. It is valid Python 2.7 and 3.x.
 */
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';
import { buildChildEnvironment } from '../process/childEnvironment.js';
import type { ProcessRunner } from '../process/processRunner.js';
import { isInterpreterFacts } from './interpreterFacts.js';
import type { InterpreterFacts } from './interpreterFacts.js';
import type { InterpreterFactsCache } from './interpreterFactsCache.js';

/** How long one probe may take before it is killed (a cold interpreter on a slow disk). */
export const PROBE_TIMEOUT_MS = 20_000;

const MARKER = 'PANTOGRAPH_PROBE:';

/** The inline probe script. The marker is assembled at run time so echoing the script back never forges a result. */
export const PROBE_SCRIPT = [
  'import sys',
  "sys.path = [p for p in sys.path if p not in ('', '.')]",
  'import json, os, sysconfig',
  'def pip_version():',
  '    try:',
  '        from importlib.metadata import version',
  "        return version('pip')",
  '    except Exception:',
  '        pass',
  '    for d in sys.path:',
  '        try:',
  '            names = os.listdir(d)',
  '        except Exception:',
  '            continue',
  '        for n in names:',
  '            low = n.lower()',
  "            if low.startswith('pip-') and (low.endswith('.dist-info') or low.endswith('.egg-info')):",
  "                return n[4:].rsplit('.', 1)[0]",
  '    return None',
  'impl = getattr(sys, "implementation", None)',
  'if impl is not None:',
  '    impl = impl.name',
  'else:',
  '    import platform',
  '    impl = platform.python_implementation().lower()',
  "stdlib = sysconfig.get_path('stdlib') or ''",
  'import platform',
  'def version_text(info):',
  "    text = '%d.%d.%d' % tuple(info[:3])",
  "    if info[3] != 'final':",
  '        text += info[3][0] + str(info[4])',
  '    return text',
  'markers = {',
  "    'implementation_name': impl,",
  "    'implementation_version': version_text(sys.implementation.version) if hasattr(sys, 'implementation') else '0',",
  "    'os_name': os.name,",
  "    'platform_machine': platform.machine(),",
  "    'platform_release': platform.release(),",
  "    'platform_system': platform.system(),",
  "    'platform_version': platform.version(),",
  "    'python_full_version': platform.python_version(),",
  "    'platform_python_implementation': platform.python_implementation(),",
  "    'python_version': '.'.join(platform.python_version_tuple()[:2]),",
  "    'sys_platform': sys.platform,",
  '}',
  'def tag_facts():',
  '    cv = sysconfig.get_config_var',
  '    try:',
  "        parts = os.confstr('CS_GNU_LIBC_VERSION').split()",
  '        glibc = parts[1] if len(parts) == 2 else None',
  '    except Exception:',
  '        glibc = None',
  '    try:',
  '        import importlib.util',
  "        override = importlib.util.find_spec('_manylinux') is not None",
  '    except Exception:',
  '        override = True',
  "    nodot = cv('py_version_nodot')",
  "    debug = cv('Py_DEBUG')",
  '    return {',
  "        'sysconfigPlatform': sysconfig.get_platform(),",
  "        'is64bit': sys.maxsize > 2 ** 32,",
  "        'glibcVersion': glibc,",
  "        'pyVersionNodot': str(nodot) if nodot else None,",
  "        'debugBuild': bool(debug) or (debug is None and hasattr(sys, 'gettotalrefcount')),",
  "        'freeThreaded': bool(cv('Py_GIL_DISABLED')),",
  "        'manylinuxOverride': override,",
  '    }',
  'facts = {',
  "    'version': '%d.%d.%d' % tuple(sys.version_info[:3]),",
  "    'majorMinor': '%d.%d' % tuple(sys.version_info[:2]),",
  "    'implementation': impl,",
  "    'pipVersion': pip_version(),",
  "    'externallyManaged': os.path.isfile(os.path.join(stdlib, 'EXTERNALLY-MANAGED')),",
  "    'prefix': sys.prefix,",
  "    'basePrefix': getattr(sys, 'base_prefix', getattr(sys, 'real_prefix', sys.prefix)),",
  "    'markerEnvironment': markers,",
  "    'wheelTags': tag_facts(),",
  '}',
  `sys.stdout.write('${MARKER.slice(0, 10)}' + '${MARKER.slice(10)}' + json.dumps(facts) + '\\n')`,
].join('\n');

/** The arguments that run {@link PROBE_SCRIPT}. */
export const PROBE_ARGS: readonly string[] = ['-E', '-s', '-c', PROBE_SCRIPT];

/**
 * Parses the probe's stdout into facts for `executable`. Pure. Anything but exactly one well-formed
 * marked line (the last one wins if a `sitecustomize` printed its own) is `invalid_python_executable`.
 */
export function parseProbeOutput(executable: string, stdout: string): Result<InterpreterFacts> {
  const line = stdout
    .split(/\r?\n/)
    .filter((l) => l.startsWith(MARKER))
    .pop();
  if (line !== undefined) {
    try {
      const candidate: unknown = { ...(JSON.parse(line.slice(MARKER.length)) as object), executable };
      if (isInterpreterFacts(candidate)) return ok(candidate);
    } catch {
      // fall through: not JSON
    }
  }
  return fail(
    structuredError('invalid_python_executable', `${executable} did not answer the interpreter probe like a Python interpreter`),
  );
}

/** What {@link probeInterpreter} needs. `env` is the parent environment (filtered for the child). */
export interface ProbeContext {
  readonly runner: ProcessRunner;
  readonly factsCache: InterpreterFactsCache;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
}

/**
 * Facts for `executable`: from the cache when its path, mtime and size are unchanged (no process),
 * else from one probe process, then cached. A relative path, a missing file, a directory, a program
 * that fails, times out or prints anything but the probe's answer → `invalid_python_executable`
 * (`path_not_absolute` for a relative path); an aborted signal → `cancelled`. Never throws.
 * Concurrent calls without a signal for the same executable and facts cache share one probe, so
 * N simultaneous cold ensures start one probe process, not N.
 */
export function probeInterpreter(
  context: ProbeContext,
  executable: string,
  signal?: AbortSignal,
): Promise<Result<InterpreterFacts>> {
  if (signal !== undefined) return probeUncached(context, executable, signal);
  let flights = probesInFlight.get(context.factsCache);
  if (flights === undefined) {
    flights = new Map();
    probesInFlight.set(context.factsCache, flights);
  }
  const running = flights.get(executable);
  if (running !== undefined) return running;
  const started = probeUncached(context, executable).finally(() => flights.delete(executable));
  flights.set(executable, started);
  return started;
}

/** Unsignalled probes in flight, per facts cache and executable. */
const probesInFlight = new WeakMap<InterpreterFactsCache, Map<string, Promise<Result<InterpreterFacts>>>>();

async function probeUncached(context: ProbeContext, executable: string, signal?: AbortSignal): Promise<Result<InterpreterFacts>> {
  if (!isAbsolute(executable)) {
    return fail(
      structuredError('path_not_absolute', `The Python executable must be an absolute path, got ${JSON.stringify(executable)}`),
    );
  }
  const cached = await context.factsCache.get(executable);
  if (cached !== undefined) return ok(cached);
  try {
    if (!(await stat(executable)).isFile()) {
      return fail(structuredError('invalid_python_executable', `${executable} is not a file`));
    }
  } catch {
    return fail(structuredError('invalid_python_executable', `${executable} does not exist`));
  }
  const result = await context.runner.run({
    file: executable,
    args: PROBE_ARGS,
    cwd: dirname(executable),
    env: buildChildEnvironment(context.env, context.platform),
    timeoutMs: PROBE_TIMEOUT_MS,
    ...(signal !== undefined ? { signal } : {}),
  });
  if (result.cancelled) return fail(structuredError('cancelled', `Probing ${executable} was cancelled`));
  if (result.exitCode !== 0) {
    const why =
      result.spawnError ??
      (result.timedOut ? 'timed out' : `exit ${result.exitCode ?? result.signal}: ${result.stderr.trim().slice(-300)}`);
    return fail(
      structuredError('invalid_python_executable', `${executable} could not be probed as a Python interpreter (${why})`),
    );
  }
  const parsed = parseProbeOutput(executable, result.stdout);
  if (parsed.ok) await context.factsCache.set(executable, parsed.value);
  return parsed;
}
