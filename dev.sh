#!/usr/bin/env bash
# One entry point for newcomers and CI.
#   ./dev.sh start   install (if needed) and start the app on http://127.0.0.1:8501
#   ./dev.sh test    install (if needed), lint (ruff: pyflakes), run the whole test suite (browser tests included
#                    when /usr/bin/chromium exists; set SAMENWERKINGSKAART_REQUIRE_BROWSER=1 to fail instead of skip)
#   ./dev.sh setup   only install
set -euo pipefail
cd "$(dirname "$0")"
VENV=${VENV:-.venv}
PY="$VENV/bin/python"

setup() {
  if [ ! -x "$PY" ]; then python3 -m venv "$VENV"; fi
  # Reinstall only when requirements.txt changed since the last install.
  local stamp="$VENV/.requirements.sha"
  local want; want=$(sha256sum requirements.txt | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    "$PY" -m pip install --quiet --disable-pip-version-check -r requirements.txt
    echo "$want" > "$stamp"
  fi
  # Leaflet and plugins come from the npm registry and are served by the app itself (no CDN).
  if [ ! -d node_modules/leaflet ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
  "$PY" cli.py assets install --quiet
}

case "${1:-}" in
  setup) setup ;;
  start) setup; shift; exec "$VENV/bin/streamlit" run app.py --server.address 127.0.0.1 "$@" ;;
  test)  setup; shift; "$VENV/bin/ruff" check --quiet . && exec "$PY" -m pytest "$@" ;;
  *) echo "usage: ./dev.sh start|test|setup" >&2; exit 2 ;;
esac
