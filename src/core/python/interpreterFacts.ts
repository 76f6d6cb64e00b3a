/** Facts about a base Python interpreter, probed once and cached by path + mtime + size. */

export interface InterpreterFacts {
  /** Absolute path of the interpreter as located (not necessarily resolved through symlinks). */
  readonly executable: string;
  /** `sys.version_info` as `major.minor.micro`. */
  readonly version: string;
  /** `major.minor`, the part that goes into the environment key. */
  readonly majorMinor: string;
  readonly implementation: string;
  /** pip's version when `python -m pip` is importable, else `null`. */
  readonly pipVersion: string | null;
  /** True when the interpreter's stdlib carries the PEP 668 `EXTERNALLY-MANAGED` marker. */
  readonly externallyManaged: boolean;
  /** `sys.prefix` and `sys.base_prefix`; they differ inside a virtual environment. */
  readonly prefix: string;
  readonly basePrefix: string;
  /**
   * The PEP 508 marker environment (`python_full_version`, `sys_platform`, `platform_machine`, …),
   * as `packaging.markers.default_environment()` computes it; every value a string.
   */
  readonly markerEnvironment: Readonly<Record<string, string>>;
  /** What pip's supported wheel tags are computed from (`core/localResolver/wheelTags.ts`). */
  readonly wheelTags: WheelTagFacts;
}

/** The facts behind an interpreter's supported wheel tags, probed without importing `packaging`. */
export interface WheelTagFacts {
  /** `sysconfig.get_platform()`, e.g. `linux-x86_64`. */
  readonly sysconfigPlatform: string;
  /** `sys.maxsize > 2**32`. */
  readonly is64bit: boolean;
  /** The glibc version from `os.confstr('CS_GNU_LIBC_VERSION')` (`2.36`), or `null` (not glibc, or unknown). */
  readonly glibcVersion: string | null;
  /** `sysconfig.get_config_var('py_version_nodot')` as text (`311`), or `null`. */
  readonly pyVersionNodot: string | null;
  /** A debug build (`Py_DEBUG`, or `sys.gettotalrefcount` when the variable is unset): extra `d` ABIs. */
  readonly debugBuild: boolean;
  /** A free-threaded build (`Py_GIL_DISABLED`): a `t` ABI. */
  readonly freeThreaded: boolean;
  /** True when a `_manylinux` module is importable (or that could not be checked): it may veto manylinux tags. */
  readonly manylinuxOverride: boolean;
}

/** True when `value` has every field of {@link InterpreterFacts} with the right type (a runtime guard for cached or probed data). */
export function isInterpreterFacts(value: unknown): value is InterpreterFacts {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.executable === 'string' &&
    typeof v.version === 'string' &&
    /^\d+\.\d+\.\d+$/.test(v.version) &&
    typeof v.majorMinor === 'string' &&
    v.version.startsWith(`${v.majorMinor}.`) &&
    typeof v.implementation === 'string' &&
    (v.pipVersion === null || typeof v.pipVersion === 'string') &&
    typeof v.externallyManaged === 'boolean' &&
    typeof v.prefix === 'string' &&
    typeof v.basePrefix === 'string' &&
    isStringRecord(v.markerEnvironment) &&
    isWheelTagFacts(v.wheelTags)
  );
}

function isWheelTagFacts(value: unknown): value is WheelTagFacts {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const textOrNull = (x: unknown) => x === null || typeof x === 'string';
  return (
    typeof v.sysconfigPlatform === 'string' &&
    typeof v.is64bit === 'boolean' &&
    textOrNull(v.glibcVersion) &&
    textOrNull(v.pyVersionNodot) &&
    typeof v.debugBuild === 'boolean' &&
    typeof v.freeThreaded === 'boolean' &&
    typeof v.manylinuxOverride === 'boolean'
  );
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === 'string')
  );
}
