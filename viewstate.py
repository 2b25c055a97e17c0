"""The view a user sees, as plain data: filters, level, view, selected area. Read from and written
to URL query parameters, so a link reproduces the view. No Streamlit here."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.prepare import LEVEL_LABELS as LEVELS  # level -> Dutch label

FILTER_KEYS = ("thema", "fase", "instrument", "niveau", "zorgverzekeraar", "jaar")
VIEW_KEYS = ("count", "fase", "insurer", "venster", "venster_verschil")
_FOCUS_RE = re.compile(r"^[a-z_]{3,30}:[A-Za-z0-9_-]{1,40}$")  # level:code; checked against the data later
PAGES = {"kaart": "Samenwerkingskaart", "vlekken": "Witte vlekken", "verandering": "Verandering in de tijd"}


@dataclass
class ViewState:
    filters: dict[str, list[str]] = field(default_factory=dict)  # key -> chosen values; absent = all
    level: str = "gemeente"
    view: str = "count"
    area: str | None = None
    basemap: str = "grijs"
    markers: bool = False
    embed: bool = False
    page: str = "kaart"
    # witte vlekken page
    insurer: str | None = None
    gap_themes: list[str] = field(default_factory=list)
    max_fase: str | None = None
    own_only: bool = False
    # Venster views
    rating_thema: str = "ouderen"
    rating_aspect: str | None = None  # None: mean of the aspects
    rating_rater: str = "gemeente"
    # the regional talk: a region in focus ("zorgkantoorregio:ZK22"), class scheme, projector mode
    focus: str | None = None
    classes: str = "vast"  # vast (fixed breaks from the whole inventory) | kwantielen
    presentation: bool = False

    @property
    def focus_level(self) -> str | None:
        return self.focus.split(":", 1)[0] if self.focus else None

    @property
    def focus_code(self) -> str | None:
        return self.focus.split(":", 1)[1] if self.focus else None
    # a stored version instead of the published one (?versie=N: a link keeps showing what it showed)
    version: int | None = None


def from_query(params: dict[str, str], options: dict[str, list[str]]) -> ViewState:
    """Parse query parameters; unknown values are dropped (a link never breaks the app)."""
    state = ViewState()
    for key in FILTER_KEYS:
        raw = params.get(key)
        if raw is None:
            continue
        wanted = [v for v in str(raw).split(",") if v in options.get(key, [])]
        state.filters[key] = wanted if raw != "" else []
    if params.get("niveau_kaart") in LEVELS:
        state.level = params["niveau_kaart"]
    if params.get("weergave") in VIEW_KEYS:
        state.view = params["weergave"]
    if params.get("gebied"):
        state.area = str(params["gebied"])[:20]
    if params.get("achtergrond") in ("grijs", "standaard", "pastel", "geen"):
        state.basemap = params["achtergrond"]
    state.markers = params.get("projecten") == "1"
    state.embed = str(params.get("embed", "")).lower() == "true"
    if params.get("pagina") in PAGES:
        state.page = params["pagina"]
    if params.get("verzekeraar") in options.get("zorgverzekeraar", []):
        state.insurer = params["verzekeraar"]
    if params.get("vlek_thema"):
        state.gap_themes = [t for t in str(params["vlek_thema"]).split(",") if t in options.get("thema", [])]
    if params.get("max_fase") in options.get("fase", []):
        state.max_fase = params["max_fase"]
    state.own_only = params.get("eigen") == "1"
    if params.get("v_thema") in ("ouderen", "ggz", "preventie"):
        state.rating_thema = params["v_thema"]
    if params.get("v_aspect") in ("agenda", "samenwerking", "resultaten"):
        state.rating_aspect = params["v_aspect"]
    if params.get("v_door") in ("gemeente", "verzekeraar"):
        state.rating_rater = params["v_door"]
    focus = str(params.get("regio", ""))[:80]
    if _FOCUS_RE.match(focus):
        state.focus = focus
    if params.get("klassen") in ("vast", "kwantielen"):
        state.classes = params["klassen"]
    state.presentation = str(params.get("presentatie", "")).lower() == "true"
    versie = str(params.get("versie", ""))
    if re.fullmatch(r"[0-9]{1,10}", versie) and 0 < int(versie) < 2**31:  # ASCII digits: '¹'.isdigit() is True
        state.version = int(versie)
    return state


def to_query(state: ViewState, options: dict[str, list[str]]) -> dict[str, str]:
    """Query parameters for ``state``: only what differs from the default view."""
    out: dict[str, str] = {}
    for key, values in state.filters.items():
        if set(values) != set(options.get(key, [])):
            out[key] = ",".join(values)
    if state.level != "gemeente":
        out["niveau_kaart"] = state.level
    if state.view != "count":
        out["weergave"] = state.view
    if state.area:
        out["gebied"] = state.area
    if state.view.startswith("venster"):
        out["v_thema"] = state.rating_thema
        if state.rating_aspect:
            out["v_aspect"] = state.rating_aspect
        if state.view == "venster":
            out["v_door"] = state.rating_rater
    if state.focus:
        out["regio"] = state.focus
    if state.classes != "vast":
        out["klassen"] = state.classes
    if state.presentation:
        out["presentatie"] = "true"
    if state.basemap != "grijs":
        out["achtergrond"] = state.basemap
    if state.markers:
        out["projecten"] = "1"
    if state.version is not None:
        out["versie"] = str(state.version)
    if state.page != "kaart":
        out["pagina"] = state.page
        if state.insurer:
            out["verzekeraar"] = state.insurer
        if state.gap_themes:
            out["vlek_thema"] = ",".join(state.gap_themes)
        if state.max_fase:
            out["max_fase"] = state.max_fase
        if state.own_only:
            out["eigen"] = "1"
    return out  # ``embed`` is Streamlit's own parameter: it stays in the URL without us
