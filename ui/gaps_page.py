"""The witte-vlekken page: where in an insurer's working area is no project on a theme."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.gaps import (ZORGKANTOREN_FILE, GapRule, gap_report, in_scope, national_overview, people_table, region_gaps,
                           working_area)
from analysis.prepare import CUSTOM_LEVEL, LEVEL_LABELS, Prepared
from analysis.zorgkantoren import ZorgkantoorTable, read_zorgkantoor_table
from analysis.zorgkantoren_kind import for_regions
from export.tables import table_csv_bytes
from tabular.read import ReadError
from inventory.validate import ValidationResult
from layers.compose import build_gap_map
from layers.escape import md
from layers.gaps import style_gaps
from ui.common import TAX, cached_inhabitants, prep_key, source_line
from ui.downloads import XLSX_MIME, file_stem, xlsx_with_notes
from ui.map_render import render_args, show_map
from ui.shared_cache import MAPS, RESULTS
from viewstate import ViewState, to_query


@st.cache_data(show_spinner="Zorgkantorentabel controleren…", max_entries=8)
def cached_zorgkantoor_table(data: bytes, filename: str, year: int, regions_key: str, _regions: pd.DataFrame) -> ZorgkantoorTable:
    return read_zorgkantoor_table(data, _regions, year, TAX, filename=filename)


#: what the page says after the table's name and date, per origin (an upload stays a private preview)
ORIGIN_NOTE = {"meegeleverd": " (aanwijzing 2014, Regeling VWS BWBR0034132)", "gepubliceerd": " (gepubliceerd)",
               "upload": " (upload)"}


def zorgkantoor_table(prep: Prepared, published=None) -> tuple[ZorgkantoorTable, str]:
    """The zorgkantoor table in use and where it comes from (a key of ``ORIGIN_NOTE``): the published
    version (``published``: a ``ui.store_loader.Loaded``), else the shipped 2014 designation; an upload
    replaces it for this session once the user accepts its report."""
    regions = prep.areas["zorgkantoorregio"][["code", "naam"]]
    key = ",".join(regions["code"])
    if published is not None:
        chosen, origin = for_regions(published.result, regions, prep.year), "gepubliceerd"
        default = f"de gepubliceerde tabel, {published.version.label}"
    else:
        chosen = cached_zorgkantoor_table(ZORGKANTOREN_FILE.read_bytes(), ZORGKANTOREN_FILE.name, prep.year, key, regions)
        origin, default = "meegeleverd", "de aanwijzing van 2014 (Regeling VWS, BWBR0034132, bijlage 1) in data/zorgkantoren.csv"
    with st.expander("Zorgkantorentabel: wie voert per regio het zorgkantoor"):
        st.caption(f"Standaard {md(default)}. "
                   "Een nieuwere tabel: kolommen geldig_vanaf, zorgkantoorregio_code (of naam), groep (zorgverzekeraar); "
                   "per regio telt de nieuwste rij die op 1 januari van het inventarisatiejaar geldt. "
                   "Een tabel die u hier uploadt, geldt alleen voor u; redacteuren publiceren er een via Beheer.")
        up = st.file_uploader("Nieuwere zorgkantorentabel (CSV of XLSX)", type=["csv", "txt", "xlsx"], key="upload_zorgkantoren")
        if up is not None:
            try:
                table = cached_zorgkantoor_table(up.getvalue(), up.name, prep.year, key, regions)
            except ReadError as exc:
                st.error("Bestand niet bruikbaar:")
                st.text(str(exc))
            else:
                st.text(f"Controle {table.source}: {table.summary()}")
                if len(table.rejections):
                    rej = table.rejections.assign(suggesties=table.rejections["suggesties"].map(", ".join))
                    st.dataframe(rej, hide_index=True, key="zk_rejections")
                if table.missing:
                    st.text("Zonder zorgkantoor in deze tabel: " + ", ".join(table.missing))
                if len(table.table) and st.checkbox(f"Gebruik deze tabel ({len(table.table)} rijen)", key="use_zorgkantoren"):
                    chosen, origin = table, "upload"
    return chosen, origin


def gaps_page(state: ViewState, key: str, result: ValidationResult, is_demo: bool, prep: Prepared,
              zorgkantoren=None) -> None:
    """Controls, the gap map, the ranked table with downloads, per region and national overviews;
    ``zorgkantoren`` is the published zorgkantoor table (``ui.store_loader.Loaded``), if any."""
    st.title("Witte vlekken")
    if is_demo:
        st.info("**Demonstratiedata**: de witte vlekken hieronder zijn die van de synthetische inventaris, "
                "niet van echte projecten.", icon="ℹ️")
    labels = {d: TAX[d].labels() for d in ("thema", "fase", "zorgverzekeraar")}
    zk_table, origin = zorgkantoor_table(prep, zorgkantoren)
    zk = zk_table.for_year(prep.year)
    table_key = {"upload": "_upload", "gepubliceerd": f"_v{zorgkantoren.version.id}" if zorgkantoren else ""}.get(origin, "")
    st.text(f"Zorgkantorentabel: {zk_table.source}, geldig vanaf {zk_table.date(prep.year)}{ORIGIN_NOTE[origin]}")
    groups = [g for g in TAX["zorgverzekeraar"].codes if g != "alle"]
    c1, c2, c3 = st.columns([1, 2, 1])
    insurer = c1.selectbox("Zorgverzekeraar", groups, key="gap_insurer", format_func=labels["zorgverzekeraar"].get,
                           index=groups.index(state.insurer) if state.insurer in groups else 0)
    themes = c2.multiselect("Thema('s)", TAX["thema"].codes, default=state.gap_themes or ["ouderen"], key="gap_themes",
                            format_func=labels["thema"].get, placeholder="Kies een of meer thema's")
    fases = [None, *TAX["fase"].codes[:-1]]
    max_fase = c3.selectbox("Ook een vlek als alle projecten hooguit in fase…", fases, key="gap_max_fase",
                            index=fases.index(state.max_fase) if state.max_fase in fases else 0,
                            format_func=lambda f: "— elk project telt —" if f is None else labels["fase"][f])
    own_only = st.checkbox(f"Alleen projecten met {labels['zorgverzekeraar'][insurer]} tellen mee", value=state.own_only,
                           key="gap_own")
    area = working_area(zk, insurer)
    scopes = ["zorgkantoorregio", *prep.region_levels]
    scope = st.radio("Werkgebied als", scopes, horizontal=True, key="gap_scope",
                     format_func=lambda s: "zorgkantoorregio's van de verzekeraar" if s == "zorgkantoorregio"
                     else f"{LEVEL_LABELS[s]}'s")
    if scope == "zorgkantoorregio":
        names = dict(zip(prep.members["zorgkantoorregio_code"], prep.members["zorgkantoorregio_naam"]))
        regions = st.multiselect(
            "Werkgebied (zorgkantoorregio's)", sorted(names, key=names.get), default=area,
            key=f"gap_regions_{insurer}{table_key}",  # a new table gives a new default
            format_func=lambda c: f"{names[c]} ({c})", placeholder="Kies een of meer regio's",
            help="Standaard de regio's waar deze groep het zorgkantoor voert, volgens de zorgkantorentabel hieronder.")
        basis = zk[zk["zorgkantoorregio_code"].isin(area)]["groep_basis"].unique() if "groep_basis" in zk else []
        if any(str(b).startswith("aanname") for b in basis):
            st.caption("Let op: dit werkgebied steunt op een aanname over bij welke groep een zorgkantoor hoort; zie de zorgkantorentabel.")
    else:
        names = dict(zip(prep.members[f"{scope}_code"], prep.members[f"{scope}_naam"]))
        regions = st.multiselect(f"Werkgebied ({LEVEL_LABELS[scope]}'s)", sorted(names, key=names.get), default=[],
                                 key=f"gap_regions_{scope}", format_func=lambda c: f"{names[c]} ({c})")
        st.text(prep.region_levels[scope])
    state.insurer, state.gap_themes, state.max_fase, state.own_only = insurer, themes, max_fase, own_only
    st.query_params.from_dict(to_query(state, {}))
    if not regions or not themes:
        st.warning("Kies minstens één regio en één thema.")
        return

    rule = GapRule(max_fase=max_fase, insurer=insurer if own_only else None)
    inw, inw_note = cached_inhabitants(prep.year)
    gkey = (prep_key(prep), insurer, scope, tuple(sorted(regions)), tuple(sorted(themes)), max_fase, own_only,
            id(zk))
    ranked = RESULTS.get(("gaps", *gkey), lambda: gap_report(prep.long, prep.members, prep.areas["gemeente"], regions,
                                                              themes, rule, TAX["fase"].codes, inw, scope=scope))
    n_gem = len(in_scope(prep.members, regions, scope))
    st.markdown(f"**{ranked['gemeente_code'].nunique()}** van {n_gem} gemeenten hebben een witte vlek "
                f"({len(ranked)} gemeente-thema-combinaties): {rule.describe(labels['fase'], labels['zorgverzekeraar'])}. "
                f"Gerangschikt op inwoners ({inw_note}), dan op projecten in buurgemeenten.")

    note = f"Bron: {'demonstratiedata (synthetisch)' if is_demo else result.source}; kaart: CBS/Kadaster, CC-BY 4.0"

    def render():  # once per gap view and inventory version, for every session
        members_in = set(in_scope(prep.members, regions, scope)["gemeente_code"])
        styled, items = style_gaps(prep.areas["gemeente"], ranked, members_in, labels["thema"])
        outlines = prep.areas[scope][prep.areas[scope]["code"].isin(regions)]
        fmap = build_gap_map(styled, items, f"Witte vlekken: {', '.join(labels['thema'][t] for t in themes)}", note, outlines)
        return render_args(fmap, [])
    show_map(MAPS.get(("gap_map", *gkey, note), render), key="gap_map", height=560)

    table = people_table(ranked, labels, scope, LEVEL_LABELS[scope])
    st.header("Witte vlekken, gerangschikt")
    st.dataframe(table, hide_index=True, key="gap_table")
    d1, d2 = st.columns(2)
    stem = file_stem("witte_vlekken", insurer, filters={"thema": themes, **({"max_fase": [max_fase]} if max_fase else {}),
                                                         **({"alleen": [insurer]} if own_only else {})})
    flt = {"zorgverzekeraar": labels["zorgverzekeraar"][insurer], "thema": ", ".join(labels["thema"][t] for t in themes),
           "regel": rule.describe(labels["fase"], labels["zorgverzekeraar"]), "regio's": ", ".join(regions)}
    src = "demonstratiedata (synthetisch)" if is_demo else result.source
    d1.download_button("Tabel (CSV)", table_csv_bytes(table), f"{stem}.csv", "text/csv", key="gap_csv")
    d2.download_button("Tabel (Excel)",
                       xlsx_with_notes(table, "witte vlekken", src, is_demo, flt, "witte vlekken, gerangschikt op inwoners"),
                       f"{stem}.xlsx", XLSX_MIME, key="gap_xlsx")

    if scope != "zorgkantoorregio":
        st.header(f"Per {LEVEL_LABELS[scope]}")
        per_scope = region_gaps(ranked, prep.members, regions, level=scope, scope=scope)
        per_scope["thema"] = per_scope["thema"].map(lambda t: labels["thema"].get(t, t))
        st.dataframe(per_scope.rename(columns={f"{scope}_code": "code", f"{scope}_naam": LEVEL_LABELS[scope]}),
                     hide_index=True, key="gap_scope_table")
    st.header("Per zorgkantoorregio")
    per_region = region_gaps(ranked, prep.members, regions, scope=scope)
    per_region["thema"] = per_region["thema"].map(lambda t: labels["thema"].get(t, t))
    st.dataframe(per_region.rename(columns={"zorgkantoorregio_code": "code", "zorgkantoorregio_naam": "zorgkantoorregio"}),
                 hide_index=True, key="gap_regions_table")

    if CUSTOM_LEVEL in prep.areas:
        st.header("Per regio (eigen regio-indeling)")
        per_set = region_gaps(ranked, prep.members, regions, level=CUSTOM_LEVEL, scope=scope)
        per_set["thema"] = per_set["thema"].map(lambda t: labels["thema"].get(t, t))
        st.dataframe(per_set.rename(columns={f"{CUSTOM_LEVEL}_code": "code", f"{CUSTOM_LEVEL}_naam": "regio"}),
                     hide_index=True, key="gap_regionset_table")

    st.header("Landelijk overzicht: gemeenten zonder enig project op het thema")
    overview = national_overview(prep.long, prep.members, zk, TAX["thema"].codes)
    overview.index = overview.index.map(labels["thema"].get)
    overview = overview.rename(columns={g: labels["zorgverzekeraar"].get(g, g) for g in overview.columns})
    st.caption("Per gebied waar een groep het zorgkantoor voert; alle partijen en fasen tellen mee.")
    st.dataframe(overview, key="gap_overview")
    st.bar_chart(overview.drop(columns="totaal"), horizontal=True, stack=True)
    st.caption(source_line(is_demo, result))
