"""Where boundary files live: explicit argument, else $SAMENWERKINGSKAART_BOUNDARIES, else data/boundaries."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ENV_VAR = "SAMENWERKINGSKAART_BOUNDARIES"
DEFAULT_DIR = REPO_ROOT / "data" / "boundaries"
BOUNDARY_TYPES = ("gemeente", "zorgkantoorregio", "provincie")  # always used; fetched by default
#: Dutch labels of CBS region types made of whole municipalities. Any other type whose file is in
#: the boundaries directory (``wgs84/{type}_{year}.topojson``) is used too, labelled by its name.
REGION_TYPE_LABELS = {
    "zorgkantoorregio": "zorgkantoorregio", "provincie": "provincie", "ggdregio": "GGD-regio",
    "jeugdregio": "jeugdregio", "veiligheidsregio": "veiligheidsregio", "arbeidsmarktregio": "arbeidsmarktregio",
    "coropgebied": "COROP-gebied", "landsdeel": "landsdeel",
}
#: CBS types that divide municipalities rather than group them: never a region level
SUBMUNICIPAL_TYPES = ("wijk", "buurt")
TYPE_NAME_RE = r"[a-z][a-z0-9]*"
MUTATIONS_FILE = "gemeente_mutaties.csv"
FETCH_HINT = "python cli.py boundaries fetch --year {year}"


def boundaries_dir(directory: str | os.PathLike | None = None) -> Path:
    """Resolve the boundaries directory (argument > environment variable > data/boundaries)."""
    if directory is not None:
        return Path(directory).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    return DEFAULT_DIR


REFERENCE_ENV_VAR = "SAMENWERKINGSKAART_REFERENCE"
DEFAULT_REFERENCE_DIR = REPO_ROOT / "data" / "reference"


def reference_dir(directory: str | os.PathLike | None = None) -> Path:
    """Reference tables (inhabitants per municipality): argument > $SAMENWERKINGSKAART_REFERENCE > data/reference."""
    if directory is not None:
        return Path(directory).expanduser().resolve()
    env = os.environ.get(REFERENCE_ENV_VAR)
    return Path(env).expanduser().resolve() if env else DEFAULT_REFERENCE_DIR


def boundary_path(directory: Path, kind: str, year: int) -> Path:
    """Path of one boundary file in the public mirror layout ``wgs84/{type}_{year}.topojson``."""
    return directory / "wgs84" / f"{kind}_{year}.topojson"
