# Shared helpers for the set-up scripts. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33m!!\033[0m %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

# Install Debian/Ubuntu packages that are missing; do nothing (and ask nothing) when all are there.
apt_ensure() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    warn "cannot install ${missing[*]}: no apt-get on this machine"
    return 1
  fi
  say "Installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Create the virtual environment and install a requirements file, only when it changed.
venv_ensure() {
  local requirements="$1"
  if [ ! -x "$PY" ]; then
    python3 -m venv "$VENV" 2>/dev/null || { apt_ensure python3-venv && python3 -m venv "$VENV"; }
  fi
  local stamp
  stamp="$VENV/.installed-$requirements-$(cat "$ROOT/requirements.txt" "$ROOT/$requirements" | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    say "Installing Python packages from $requirements"
    "$PY" -m pip install -q --upgrade pip
    "$PY" -m pip install -q -r "$ROOT/$requirements"
    rm -f "$VENV/.installed-$requirements-"*
    touch "$stamp"
  fi
}

# System libraries WeasyPrint needs, a CJK font so Chinese in PDFs is not empty boxes, gettext.
RUNTIME_PACKAGES=(gettext fonts-wqy-microhei libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)

prepare_app() {
  cd "$ROOT"
  "$PY" manage.py compilemessages -v0 --ignore=.venv
  "$PY" manage.py migrate -v0
}
