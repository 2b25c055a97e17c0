"""The change page: two inventories of different years on the later year's municipalities."""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from analysis.change import align, change_summary
from analysis.prepare import LEVEL_LABELS, LEVELS, Prepared
from analysis.filter import filter_projects
from analysis.profile import filters_line
from export.change import change_html, change_image
from analysis.years import not_drawn_note
from export.tables import table_csv_bytes
from geo.boundaries import BoundaryError
from inventory.demo import DEMO_FILE_2025
from tabular.read import ReadError
from inventory.validate import ValidationResult
from layers.compose import MapSpec, build_map
from layers.escape import md
from store import diff_results, diff_summary
from ui.common import TAX, cached_prepare, cached_validation, prep_key, shipped_file, show_report, upload_digest, url_options
from ui.map_render import render_args, show_map
from ui.shared_cache import MAPS, PREPARED
from ui.store_loader import choose_stored_inventory
from viewstate import ViewState, to_query


def cached_align(old_key: str, new_key: str, _old: pd.DataFrame, _new_prep: Prepared):
    return PREPARED.get(("align", old_key, prep_key(_new_prep)), lambda: align(_old, _new_prep),
                        lambda: st.spinner("Inventarissen op dezelfde grenzen zetten…"))


def _second_inventory(is_demo: bool) -> tuple[str, ValidationResult, bool] | None:
    up = st.file_uploader("Tweede inventaris om mee te vergelijken (CSV of XLSX, ander jaar)", type=["csv", "txt", "xlsx"],
                          key="upload_compare")
    year = st.number_input("Jaar van de tweede inventaris (als het bestand geen kolom jaar heeft)", 2015, 2030, 2025,
                           key="compare_year")
    if up is not None:
        key = upload_digest(up)
        try:
            result = cached_validation(key, up.name, int(year), up)
        except (ReadError, BoundaryError) as exc:
            st.error(f"Bestand niet bruikbaar: {md(exc)}")
            return None
        with st.expander(f"Controle {md(up.name)}: {md(result.summary())}"):
            show_report(result, st.container())
        return key, result, False
    if is_demo:
        key, data = shipped_file(DEMO_FILE_2025)
        st.caption("Vergeleken met de **demonstratie-inventaris 2025** (synthetisch, 1.800 projecten).")
        return key, cached_validation(key, DEMO_FILE_2025.name, 2025, data), True
    st.info("Laad een tweede inventaris om de verandering te zien.")
    return None


def change_page(state: ViewState, key: str, result: ValidationResult, is_demo: bool) -> None:
    """Map and table of the change in projects per area between two inventories."""
    st.title("Verandering in de tijd")
    second = choose_stored_inventory(key) or _second_inventory(is_demo)
    if second is None:
        return
    key2, result2, demo2 = second
    for r, which in ((result, "de inventaris in gebruik"), (result2, "de tweede inventaris")):
        if not r.rows_accepted or not r.accepted["jaar"].notna().any():  # (no file name: it is user text)
            st.warning(f"In {which} is geen enkele rij geaccepteerd: er is niets te vergelijken. "
                       "Zie de controle van het bestand.")
            return
    (old_year, old_key, old), (new_year, new_key, new) = sorted(
        [(int(r.accepted["jaar"].mode().iloc[-1]), k, r) for k, r in ((key, result), (key2, result2))], key=lambda t: t[0])
    if old_year == new_year:  # same municipalities: the change is per project
        d = diff_results("inventaris", old, new)
        st.markdown(f"Beide inventarissen zijn van {old_year}: de verschillen per project "
                    f"(van **{md(old.source)}** naar **{md(new.source)}**).")
        st.text(diff_summary(d))
        st.dataframe(d, hide_index=True, key="change_diff")
        st.download_button("Verschillen (CSV)", table_csv_bytes(d), f"verschillen_{old_year}.csv", "text/csv", key="diff_csv")
        return
    try:
        new_prep = cached_prepare(new_key, new.accepted, new_year)
        long_old, report = cached_align(old_key, new_key, old.accepted, new_prep)
    except (ValueError, BoundaryError) as exc:
        st.error(f"Vergelijken lukt niet: {md(exc)}")
        return
    levels = [*LEVELS, *new_prep.region_levels]
    state.level = st.radio("Kaartniveau", levels, index=levels.index(state.level) if state.level in levels else 0,
                           format_func=lambda x: LEVEL_LABELS[x][:1].upper() + LEVEL_LABELS[x][1:], horizontal=True,
                           key="change_level")
    selection = change_filters(state)
    st.query_params.from_dict(to_query(state, url_options()))
    old_ids = set(filter_projects(old.accepted, selection)["id"])
    new_ids = set(filter_projects(new.accepted, selection)["id"])
    summary = change_summary(new_prep.areas[state.level], long_old[long_old["id"].isin(old_ids)],
                             new_prep.long[new_prep.long["id"].isin(new_ids)], state.level)
    flt = filters_line(selection, TAX)
    st.markdown(f"**{len(old_ids)}** projecten in {old_year} → **{len(new_ids)}** in {new_year}"
                + (f" ({md(flt)})" if flt else "") + ", "
                f"getoond op de gemeenten van {new_year}. {report['rij'].nunique()} projecten van {old_year} "
                f"liggen in gemeenten die sindsdien zijn samengevoegd of hernoemd.")
    if note := not_drawn_note(new_prep.not_drawn, new_year):
        st.warning(note + ".")
        st.dataframe(new_prep.not_drawn, hide_index=True, key="change_not_drawn")
    demo = is_demo or demo2
    spec = MapSpec(summary.assign(n_projecten=summary["n_nieuw"]), "verandering", LEVEL_LABELS[state.level],
                   values=dict(zip(summary["code"], summary["verschil"])), value_label=f"{old_year} → {new_year}",
                   basemap=state.basemap, demo=demo, source=f"{old.source} en {new.source}")
    ckey = (old_key, prep_key(new_prep), state.level, json.dumps(selection, sort_keys=True))
    show_map(MAPS.get(("change_map", *ckey, state.basemap, demo, spec.source), lambda: render_args(build_map(spec, TAX), [])),
             key="change_map", height=600)
    table = summary.drop(columns="geometry").rename(columns={"n_oud": f"projecten {old_year}", "n_nieuw": f"projecten {new_year}"})
    st.dataframe(table.sort_values("verschil"), hide_index=True, key="change_table")
    subtitle = f"{len(old_ids)} projecten in {old_year}, {len(new_ids)} in {new_year}" + (f" · {flt}" if flt else "")
    source = f"{old.source} en {new.source}"
    label = LEVEL_LABELS[state.level]
    name = f"verandering_{old_year}_{new_year}_{state.level}"
    c1, c2 = st.columns(2)
    c1.download_button("Kaart (HTML, zelfstandig)", lambda: change_html(summary, label, old_year, new_year, source, demo, TAX,
                                                                        subtitle, state.basemap),
                       f"{name}.html", "text/html", on_click="ignore", key="change_html")
    c2.download_button("Dia (PNG 1920×1080)", lambda: change_image(summary, label, old_year, new_year, source, demo, TAX,
                                                                    subtitle),
                       f"{name}.png", "image/png", on_click="ignore", key="change_png")
    st.download_button("Tabel (CSV)", table_csv_bytes(table), f"verandering_{old_year}_{new_year}.csv", "text/csv",
                       key="change_csv")
    with st.expander(f"Vertaling van {old_year} naar de gemeenten van {new_year} ({len(report)} codes)"):
        st.caption("Bron 'mutatietabel': de samenvoegingstabel van de grenzenmap; 'overlay': samenvoegingen die de tabel "
                   "niet kent, geplaatst bij de gemeente die nu het grootste deel van het oude gebied beslaat; 'deling': een "
                   "opgeheven en verdeelde gemeente (Littenseradiel 2018, Winsum 2019, Haaren 2021): het project telt "
                   "*gedeeltelijk* mee in elke opvolger met minstens 10% van het oude gebied (aandeel).")
        st.dataframe(report, hide_index=True, key="translation_report")
    st.caption(("Bron: demonstratiedata (synthetisch)" if demo else f"Bron: {md(old.source)}, {md(new.source)}")
               + "; kaart: CBS/Kadaster, CC-BY 4.0.")


CHANGE_FILTERS = {"thema": "Thema", "fase": "Fase", "instrument": "Instrument", "zorgverzekeraar": "Zorgverzekeraar"}


def change_filters(state: ViewState) -> dict[str, list[str]]:
    """The same filters as the map, for both inventories (empty = all)."""
    cols = st.columns(len(CHANGE_FILTERS))
    selection = {}
    for col, (key, label) in zip(cols, CHANGE_FILTERS.items()):
        codes = TAX[key].codes
        wanted = [v for v in state.filters.get(key, []) if v in codes]
        chosen = col.multiselect(label, codes, default=wanted if set(wanted) != set(codes) else [], key=f"chg_{key}",
                                 format_func=TAX[key].labels().get, placeholder="alle")
        selection[key] = chosen or list(codes)
    state.filters.update({k: v for k, v in selection.items()})
    return selection
