/**
 * The controlled environment for installer and Python child processes. Ambient pip
 * configuration (config files, `PIP_*` variables) and Python variables (`PYTHONPATH`,
 * `PYTHONHOME`, `VIRTUAL_ENV`, …) would silently change what gets installed or imported, so the
 * child gets only an allowlist of the parent's variables plus explicit settings. Pure.
 *
 * Allowed through: PATH, HOME/USERPROFILE, temp dirs, locale, Windows system variables, proxy
 * settings (`http_proxy`, `https_proxy`, `no_proxy`, any case) and certificate bundles
 * (`SSL_CERT_FILE`, `SSL_CERT_DIR`, `REQUESTS_CA_BUNDLE`) — these change how packages are fetched,
 * never which packages are chosen.
 */

const ALLOWED_EXACT = new Set([
  'PATH',
  'Path',
  'HOME',
  'USERPROFILE',
  'TMPDIR',
  'TEMP',
  'TMP',
  'LANG',
  'LANGUAGE',
  'TZ',
  'SYSTEMROOT',
  'SystemRoot',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'APPDATA',
  'LOCALAPPDATA',
  'PROGRAMDATA',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'REQUESTS_CA_BUNDLE',
]);
const ALLOWED_PREFIX = ['LC_'];
const PROXY_NAMES = new Set(['http_proxy', 'https_proxy', 'no_proxy', 'all_proxy']);

/** True when a parent variable may pass to Python/pip children. */
export function isAllowedChildVariable(name: string): boolean {
  if (ALLOWED_EXACT.has(name)) return true;
  if (PROXY_NAMES.has(name.toLowerCase())) return true;
  return ALLOWED_PREFIX.some((p) => name.startsWith(p));
}

/**
 * Builds the child environment: allowlisted parent variables, then pip isolation
 * (`PIP_CONFIG_FILE` = the null device so no config file is read, no version check, no prompts,
 * no user site), then `extra` (which wins).
 */
export function buildChildEnvironment(
  parent: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined && isAllowedChildVariable(name)) env[name] = value;
  }
  env.PIP_CONFIG_FILE = platform === 'win32' ? 'nul' : '/dev/null';
  env.PIP_DISABLE_PIP_VERSION_CHECK = '1';
  env.PIP_NO_INPUT = '1';
  env.PYTHONNOUSERSITE = '1';
  env.PYTHONIOENCODING = 'utf-8';
  return { ...env, ...extra };
}
