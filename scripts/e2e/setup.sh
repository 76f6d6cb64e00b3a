#!/usr/bin/env bash
# Prepares the end-to-end test machine (idempotent):
#   - apt packages: chromium, build-essential, python3, pkg-config, libkrb5-dev, ripgrep
#   - code-server@4.100.3 from the npm registry into .e2e/code-server/ (git-ignored), with the
#     four install fixes from docs/design e2e-vscode.md (unsafe-perm, Kerberos headers,
#     pre-seeded ripgrep cache, non-interactive npx).
# Reuses an existing install when .e2e/code-server/node_modules/.bin/code-server exists.
set -euo pipefail

CODE_SERVER_VERSION="4.100.3"
RIPGREP_CACHE_VERSION="1.15.11"
RIPGREP_ASSET="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
E2E_DIR="$ROOT/.e2e"
CS_DIR="$E2E_DIR/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"

log() { printf '[e2e-setup] %s\n' "$*"; }
die() { printf '[e2e-setup] ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# --- apt packages ----------------------------------------------------------------------------
# Maps a package to a file whose presence proves it is installed (dpkg -s is the fallback).
declare -A PROBES=(
  [chromium]=/usr/bin/chromium
  [build-essential]=""
  [python3]=""
  [pkg-config]=/usr/bin/pkg-config
  [libkrb5-dev]=/usr/include/krb5.h
  [ripgrep]=/usr/bin/rg
)

missing=()
for pkg in chromium build-essential python3 pkg-config libkrb5-dev ripgrep; do
  probe="${PROBES[$pkg]}"
  if [ -n "$probe" ] && [ -e "$probe" ]; then continue; fi
  if dpkg -s "$pkg" >/dev/null 2>&1; then continue; fi
  missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
  if ! is_root; then
    die "missing apt packages: ${missing[*]}. Run this script as root (sudo bash scripts/e2e/setup.sh) or install them: apt-get install -y ${missing[*]}"
  fi
  log "apt-get update (once)"
  apt-get update -qq
  log "installing: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  log "apt packages present"
fi

# --- code-server ----------------------------------------------------------------------------
# Reads the version from package.json: `code-server --version` would write ~/.config/code-server/config.yaml.
installed_version() { node -p "require('$CS_DIR/node_modules/code-server/package.json').version" 2>/dev/null || echo unknown; }

if [ -x "$CS_BIN" ]; then
  log "code-server reused: $CS_BIN ($(installed_version))"
  exit 0
fi

if ! is_root; then
  log "note: not running as root; code-server's postinstall may still need build tools."
fi

log "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (about 70-80 s)"
mkdir -p "$CS_DIR"
[ -f "$CS_DIR/package.json" ] || printf '{ "name": "pantograph-e2e-code-server", "private": true }\n' >"$CS_DIR/package.json"

# Fix 3: @vscode/ripgrep checks $TMPDIR/vscode-ripgrep-cache-<v>/<asset> before GitHub.
INSTALL_TMP="$E2E_DIR/tmp"
RG_CACHE="$INSTALL_TMP/vscode-ripgrep-cache-$RIPGREP_CACHE_VERSION"
mkdir -p "$RG_CACHE"
[ -x /usr/bin/rg ] || die "/usr/bin/rg not found (apt package ripgrep)"
tar czf "$RG_CACHE/$RIPGREP_ASSET" -C /usr/bin rg

start=$(date +%s)
(
  cd "$CS_DIR"
  export TMPDIR="$INSTALL_TMP"
  export npm_config_unsafe_perm=true   # Fix 1: postinstall refuses root otherwise
  export npm_config_yes=true           # Fix 4: npx node-gyp must not prompt
  npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
) || die "npm install code-server@$CODE_SERVER_VERSION failed (see output above)"

[ -x "$CS_BIN" ] || die "install finished but $CS_BIN is missing"
log "code-server $(installed_version) installed in $(( $(date +%s) - start )) s"
