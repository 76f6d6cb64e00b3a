/** Platform keys (`linux-x86_64`) and binding platform selectors. Pure: callers pass `process.platform`/`process.arch`. */

const OS_NAMES: Readonly<Record<string, string>> = { linux: 'linux', win32: 'windows', darwin: 'macos' };
const ARCH_NAMES: Readonly<Record<string, string>> = { x64: 'x86_64', arm64: 'aarch64', ia32: 'x86', arm: 'armv7l' };

/**
 * The platform key for Node's `process.platform` and `process.arch` values:
 * linux/win32/darwin → linux/windows/macos; x64/arm64/ia32/arm → x86_64/aarch64/x86/armv7l.
 * Other values pass through lowercased (`freebsd-riscv64`).
 * @example currentPlatformKey('win32', 'x64') === 'windows-x86_64'
 */
export function currentPlatformKey(platform: string, arch: string): string {
  const os = platform.trim().toLowerCase();
  const cpu = arch.trim().toLowerCase();
  return `${Object.hasOwn(OS_NAMES, os) ? OS_NAMES[os] : os}-${Object.hasOwn(ARCH_NAMES, cpu) ? ARCH_NAMES[cpu] : cpu}`;
}

/**
 * True when a binding's `platform_selector` admits `platformKey`. `null`, `undefined`, an empty
 * string or list, and `*` match every platform. A string is split on `,` or `|`; list entries
 * are split the same way; entries are trimmed, blanks ignored, compared case-insensitively.
 * @example matchesPlatformSelector('linux-x86_64|windows-x86_64', 'windows-x86_64') === true
 */
export function matchesPlatformSelector(selector: string | readonly string[] | null | undefined, platformKey: string): boolean {
  if (selector === null || selector === undefined) return true;
  const raw = typeof selector === 'string' ? [selector] : selector;
  const entries = raw
    .filter((entry): entry is string => typeof entry === 'string')
    .flatMap((entry) => entry.split(/[,|]/))
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  if (entries.length === 0 || entries.includes('*')) return true;
  return entries.includes(platformKey.trim().toLowerCase());
}
