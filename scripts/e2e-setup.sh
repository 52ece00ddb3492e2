#!/usr/bin/env bash
# Installs what the end-to-end test (test/e2e/run.mjs) needs on a fresh Debian
# machine, as root: Debian's Chromium + build deps, and code-server 4.100.3
# (VS Code 1.100, the newest that supports Node 20) built from the npm registry
# with its native modules rebuilt locally (its install scripts would try to
# download prebuilt binaries from GitHub). See ../shared/notes/vscode-e2e.md.
#
# Idempotent: the code-server folder is cached (default
# $HOME/.cache/faultline-e2e/code-server, override with FAULTLINE_E2E_DIR) and
# skipped when its marker file says it was completed with this version.
set -euo pipefail

CS_VERSION=4.100.3
DIR="${FAULTLINE_E2E_DIR:-${HOME:-/root}/.cache/faultline-e2e/code-server}"
MARKER="$DIR/.faultline-e2e-installed-$CS_VERSION"
start=$(date +%s)
log() { echo "e2e-setup: $*"; }

# 1. Debian packages (skip apt when everything is already there).
PKGS=(libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q "${PKGS[@]}"
else
  log "Debian packages already installed"
fi

# 2. code-server
if [ -f "$MARKER" ] && [ -f "$DIR/node_modules/code-server/out/node/entry.js" ]; then
  log "code-server $CS_VERSION already installed in $DIR"
else
  log "installing code-server $CS_VERSION into $DIR"
  # node-gyp must build against the local Node headers (it cannot download them here).
  if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ] && [ "$(npm config get nodedir 2>/dev/null)" = "undefined" ]; then
    export npm_config_nodedir=/usr
  fi
  rm -rf "$DIR"
  mkdir -p "$DIR"
  cd "$DIR"
  # A private package.json so npm never walks up into another project.
  echo '{"name":"faultline-e2e-code-server","private":true}' > package.json
  npm install --no-audit --no-fund --ignore-scripts "code-server@$CS_VERSION"
  npm_config_yes=true npm rebuild argon2
  cd node_modules/code-server/lib/vscode
  npm install --no-audit --no-fund --omit=dev --ignore-scripts
  npm_config_yes=true npm rebuild kerberos @parcel/watcher @vscode/spdlog native-watchdog node-pty @vscode/deviceid
  mkdir -p node_modules/@vscode/ripgrep/bin && cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  ln -sfn node_modules node_modules.asar
  (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
  (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
  (cd extensions && npm install --no-audit --no-fund --omit=dev --ignore-scripts)
  touch "$MARKER"
fi

log "done in $(( $(date +%s) - start ))s (code-server: $DIR)"
