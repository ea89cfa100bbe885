#!/usr/bin/env bash
# Ensure the Debian system packages needed for development and tests are installed.
# Idempotent and fast: does nothing (no apt-get update) when everything is present.
# Never runs `playwright install` -- tests use the system chromium.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

PACKAGES=(redis-server chromium fonts-noto-cjk gettext)
PG_INITDB=/usr/lib/postgresql/15/bin/initdb

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! is_installed "$pkg"; then
        missing+=("$pkg")
    fi
done
if [[ ! -x "$PG_INITDB" ]]; then
    missing+=(postgresql)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "System dependencies already installed."
    exit 0
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo --preserve-env=DEBIAN_FRONTEND)
    else
        echo "error: need root (or sudo) to install: ${missing[*]}" >&2
        exit 1
    fi
fi

echo "Installing missing system packages: ${missing[*]}"
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null

if [[ ! -x "$PG_INITDB" ]]; then
    echo "error: $PG_INITDB still missing after installing postgresql" >&2
    echo "       (is the Debian release's default PostgreSQL version 15?)" >&2
    exit 1
fi
echo "System dependencies installed."
