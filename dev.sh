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
  # Leaflet and plugins: tarballs from the npm registry, checked against package-lock.json by Python (no Node.js).
  "$PY" cli.py assets install --quiet
}

data_dirs() {
  # Boundary files are never in the repository. Use $SAMENWERKINGSKAART_BOUNDARIES, else
  # data/boundaries, else a shared/ folder beside the clone; with none of them, fetch them.
  if [ -z "${SAMENWERKINGSKAART_BOUNDARIES:-}" ] && ! ls data/boundaries/wgs84/*.topojson >/dev/null 2>&1; then
    if [ -d ../shared/boundaries/wgs84 ]; then
      export SAMENWERKINGSKAART_BOUNDARIES="$(cd ../shared/boundaries && pwd)"
    else
      echo "no boundary files yet: fetching them into data/boundaries (CBS/Kadaster, CC-BY 4.0)"
      "$PY" cli.py boundaries fetch --year 2015 --quiet && "$PY" cli.py boundaries fetch --year 2025 --quiet &&
        "$PY" cli.py boundaries fetch --year 2017 --types zorgkantoorregio --quiet ||
        echo "could not fetch the boundary files; see data/boundaries/README.md" >&2
      # optional region types (map levels when present)
      "$PY" cli.py boundaries fetch --year 2025 --types ggdregio,jeugdregio --no-mutations --quiet ||
        echo "could not fetch the GGD-regio and jeugdregio files (optional)" >&2
    fi
  fi
  if [ -z "${SAMENWERKINGSKAART_REFERENCE:-}" ] && [ ! -d data/reference ] && [ -d ../shared/reference ]; then
    export SAMENWERKINGSKAART_REFERENCE="$(cd ../shared/reference && pwd)"
  fi
  echo "boundaries: ${SAMENWERKINGSKAART_BOUNDARIES:-data/boundaries}"
}

case "${1:-}" in
  setup) setup ;;
  start) setup; data_dirs; shift; exec "$VENV/bin/streamlit" run server.py --server.address 127.0.0.1 "$@" ;;
  test)  setup; shift; "$VENV/bin/ruff" check --quiet . && exec "$PY" -m pytest "$@" ;;
  *) echo "usage: ./dev.sh start|test|setup" >&2; exit 2 ;;
esac
