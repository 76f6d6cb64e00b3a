/**
 * A real source distribution for offline tests: a `.tar.gz` with `pyproject.toml`, `PKG-INFO`, a
 * package and a tiny in-tree PEP 517 backend (`backend-path`, no build requirements), so pip can
 * build it with build isolation and `--no-index` (or, on request, a setuptools project). The backend appends one line per hook call to a
 * log file, which lets a test count real wheel builds.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256File } from '../../src/core/packaging/wheelWriter.js';
import { basePythonExecutable, childEnv } from './python.js';

/** One sdist written by {@link writeFixtureSdist}. `name` is PEP 503 normalized. */
export interface FixtureSdist {
  readonly name: string;
  readonly version: string;
  readonly path: string;
  /** sha256 (hex) of the archive. */
  readonly sha256: string;
  /** The import name of its package. */
  readonly module: string;
  /** The file the in-tree backend appends `metadata` / `wheel` to on each hook call. */
  readonly buildLog: string;
}

const BACKEND = `"""A PEP 517 backend without requirements: writes this project's wheel with the standard library."""
import base64, hashlib, os, zipfile

DIST = %DIST%
VERSION = %VERSION%
MODULE = %MODULE%
REQUIRES = %REQUIRES%
BUILD_LOG = %BUILD_LOG%
INFO = "%s-%s.dist-info" % (MODULE, VERSION)


def _log(what):
    with open(BUILD_LOG, "a") as log:
        log.write(what + "\\n")


def _metadata():
    lines = ["Metadata-Version: 2.1", "Name: " + DIST, "Version: " + VERSION]
    lines += ["Requires-Dist: " + r for r in REQUIRES]
    return ("\\n".join(lines) + "\\n").encode()


def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    _log("metadata")
    os.makedirs(os.path.join(metadata_directory, INFO), exist_ok=True)
    with open(os.path.join(metadata_directory, INFO, "METADATA"), "wb") as out:
        out.write(_metadata())
    return INFO


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    _log("wheel")
    files = {}
    for root, _dirs, names in os.walk(MODULE):
        for name in sorted(names):
            if not name.endswith(".pyc"):
                path = os.path.join(root, name)
                with open(path, "rb") as src:
                    files[path.replace(os.sep, "/")] = src.read()
    files[INFO + "/METADATA"] = _metadata()
    files[INFO + "/WHEEL"] = b"Wheel-Version: 1.0\\nGenerator: ptg-backend\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"
    record = []
    wheel_name = "%s-%s-py3-none-any.whl" % (MODULE, VERSION)
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel_name), "w", zipfile.ZIP_DEFLATED) as wheel:
        for path in sorted(files):
            data = files[path]
            wheel.writestr(path, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append("%s,sha256=%s,%d" % (path, digest, len(data)))
        record.append(INFO + "/RECORD,,")
        wheel.writestr(INFO + "/RECORD", "\\n".join(record) + "\\n")
    return wheel_name
`;

const PACK = [
  'import sys, tarfile',
  'src, out, top = sys.argv[1:4]',
  'with tarfile.open(out, "w:gz") as archive:',
  '    archive.add(src, arcname=top)',
].join('\n');

/**
 * Writes `<dir>/<module>-<version>.tar.gz`, an sdist of `name==version` whose package module holds
 * `VALUE = "<name>==<version>"` (and imports each of `deps`). The archive is packed by the base
 * interpreter's `tarfile`. `backend: 'setuptools'` uses `setuptools.build_meta` instead of the
 * in-tree backend (its build then needs `setuptools` from an index; no build log is written).
 */
export async function writeFixtureSdist(
  dir: string,
  name: string,
  version: string,
  deps: readonly { name: string; version: string }[] = [],
  options: { backend?: 'in-tree' | 'setuptools' } = {},
): Promise<FixtureSdist> {
  const setuptools = options.backend === 'setuptools';
  const module = name.toLowerCase().replace(/[-.]+/g, '_');
  const top = `${module}-${version}`;
  await mkdir(dir, { recursive: true });
  const work = await mkdtemp(join(dir, '.sdist-src-'));
  const buildLog = join(dir, `${module}-builds.log`);
  try {
    const src = join(work, top);
    if (!setuptools) await mkdir(join(src, '_backend'), { recursive: true });
    await mkdir(join(src, module), { recursive: true });
    const requires = deps.map((d) => `${d.name}==${d.version}`);
    const imports = deps.map((d) => `import ${d.name.toLowerCase().replace(/[-.]+/g, '_')}\n`).join('');
    await writeFile(join(src, module, '__init__.py'), `${imports}VALUE = ${JSON.stringify(`${name}==${version}`)}\n`);
    const buildSystem = setuptools
      ? '[build-system]\nrequires = ["setuptools>=70.1"]\nbuild-backend = "setuptools.build_meta"\n'
      : '[build-system]\nrequires = []\nbuild-backend = "ptg_backend"\nbackend-path = ["_backend"]\n';
    const dependencies = setuptools ? `dependencies = ${JSON.stringify(requires)}\n` : '';
    await writeFile(
      join(src, 'pyproject.toml'),
      `${buildSystem}\n[project]\nname = "${name}"\nversion = "${version}"\n${dependencies}${setuptools ? `\n[tool.setuptools]\npackages = ["${module}"]\n` : ''}`,
    );
    await writeFile(join(src, 'PKG-INFO'), `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`);
    if (!setuptools)
      await writeFile(
        join(src, '_backend', 'ptg_backend.py'),
        BACKEND.replace('%DIST%', JSON.stringify(name))
          .replace('%VERSION%', JSON.stringify(version))
          .replace('%MODULE%', JSON.stringify(module))
          .replace('%REQUIRES%', JSON.stringify(requires))
          .replace('%BUILD_LOG%', JSON.stringify(buildLog)),
      );
    const path = join(dir, `${top}.tar.gz`);
    execFileSync(basePythonExecutable(), ['-I', '-c', PACK, src, path, top], { env: childEnv() });
    return { name: name.toLowerCase().replace(/[-_.]+/g, '-'), version, path, sha256: await sha256File(path), module, buildLog };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The hook calls the sdist's backend logged so far (`metadata`, `wheel`), oldest first. */
export async function backendCalls(sdist: FixtureSdist): Promise<string[]> {
  const text = await readFile(sdist.buildLog, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean);
}
