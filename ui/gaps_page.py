"""The witte-vlekken page: where in an insurer's working area is no project on a theme."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.gaps import GapRule, gap_report, national_overview, people_table, read_zorgkantoren, region_gaps, working_area
from analysis.population import inhabitants
from analysis.prepare import CUSTOM_LEVEL, Prepared
from export.tables import table_csv_bytes, table_xlsx_bytes
from inventory.validate import ValidationResult
from layers.compose import build_gap_map
from layers.gaps import style_gaps
from ui.common import TAX, prep_key, source_line
from ui.map_render import render_args, show_map
from ui.shared_cache import FILES, MAPS, RESULTS
from viewstate import ViewState, to_query


def cached_zorgkantoren(year: int) -> pd.DataFrame:
    return FILES.get(("zorgkantoren", year), lambda: read_zorgkantoren(year=year))


def cached_inhabitants(year: int) -> tuple[pd.Series | None, str]:
    return FILES.get(("inwoners", year), lambda: inhabitants(year))


def gaps_page(state: ViewState, key: str, result: ValidationResult, is_demo: bool, prep: Prepared) -> None:
    """Controls, the gap map, the ranked table with downloads, per region and national overviews."""
    st.title("Witte vlekken")
    if is_demo:
        st.info("**Demonstratiedata**: de witte vlekken hieronder zijn die van de synthetische inventaris, "
                "niet van echte projecten.", icon="ℹ️")
    labels = {d: TAX[d].labels() for d in ("thema", "fase", "zorgverzekeraar")}
    zk = cached_zorgkantoren(prep.year)
    groups = [g for g in TAX["zorgverzekeraar"].codes if g != "alle"]
    c1, c2, c3 = st.columns([1, 2, 1])
    insurer = c1.selectbox("Zorgverzekeraar", groups, key="gap_insurer", format_func=labels["zorgverzekeraar"].get,
                           index=groups.index(state.insurer) if state.insurer in groups else 0)
    themes = c2.multiselect("Thema('s)", TAX["thema"].codes, default=state.gap_themes or ["ouderen"], key="gap_themes",
                            format_func=labels["thema"].get)
    fases = [None, *TAX["fase"].codes[:-1]]
    max_fase = c3.selectbox("Ook een vlek als alle projecten hooguit in fase…", fases, key="gap_max_fase",
                            index=fases.index(state.max_fase) if state.max_fase in fases else 0,
                            format_func=lambda f: "— elk project telt —" if f is None else labels["fase"][f])
    own_only = st.checkbox(f"Alleen projecten met {labels['zorgverzekeraar'][insurer]} tellen mee", value=state.own_only,
                           key="gap_own")
    area = working_area(zk, insurer)
    names = dict(zip(prep.members["zorgkantoorregio_code"], prep.members["zorgkantoorregio_naam"]))
    regions = st.multiselect(
        "Werkgebied (zorgkantoorregio's)", sorted(names, key=names.get), default=area, key=f"gap_regions_{insurer}",
        format_func=lambda c: f"{names[c]} ({c})",
        help="Standaard de regio's waar deze groep het zorgkantoor voert, volgens data/zorgkantoren.csv "
             "(zorgkantoren 2014 uit de Regeling VWS, BWBR0034132; koppeling rechtspersoon -> groep deels een aanname).")
    basis = zk[zk["zorgkantoorregio_code"].isin(area)]["groep_basis"].unique() if "groep_basis" in zk else []
    if any(str(b).startswith("aanname") for b in basis):
        st.caption("Let op: dit werkgebied steunt op een aanname over bij welke groep een zorgkantoor hoort; zie data/zorgkantoren.csv.")
    state.insurer, state.gap_themes, state.max_fase, state.own_only = insurer, themes, max_fase, own_only
    st.query_params.from_dict(to_query(state, {}))
    if not regions or not themes:
        st.warning("Kies minstens één regio en één thema.")
        return

    rule = GapRule(max_fase=max_fase, insurer=insurer if own_only else None)
    inw, inw_note = cached_inhabitants(prep.year)
    gkey = (prep_key(prep), insurer, tuple(sorted(regions)), tuple(sorted(themes)), max_fase, own_only)
    ranked = RESULTS.get(("gaps", *gkey), lambda: gap_report(prep.long, prep.members, prep.areas["gemeente"], regions,
                                                              themes, rule, TAX["fase"].codes, inw))
    n_gem = prep.members["zorgkantoorregio_code"].isin(regions).sum()
    st.markdown(f"**{ranked['gemeente_code'].nunique()}** van {n_gem} gemeenten hebben een witte vlek "
                f"({len(ranked)} gemeente-thema-combinaties): {rule.describe(labels['fase'], labels['zorgverzekeraar'])}. "
                f"Gerangschikt op inwoners ({inw_note}), dan op projecten in buurgemeenten.")

    note = f"Bron: {'demonstratiedata (synthetisch)' if is_demo else result.source}; kaart: CBS/Kadaster, CC-BY 4.0"

    def render():  # once per gap view and inventory version, for every session
        members_in = set(prep.members.loc[prep.members["zorgkantoorregio_code"].isin(regions), "gemeente_code"])
        styled, items = style_gaps(prep.areas["gemeente"], ranked, members_in, labels["thema"])
        outlines = prep.areas["zorgkantoorregio"][prep.areas["zorgkantoorregio"]["code"].isin(regions)]
        fmap = build_gap_map(styled, items, f"Witte vlekken: {', '.join(labels['thema'][t] for t in themes)}", note, outlines)
        return render_args(fmap, [])
    show_map(MAPS.get(("gap_map", *gkey, note), render), key="gap_map", height=560)

    table = people_table(ranked, labels)
    st.subheader("Witte vlekken, gerangschikt")
    st.dataframe(table, hide_index=True, key="gap_table")
    d1, d2 = st.columns(2)
    d1.download_button("Tabel (CSV)", table_csv_bytes(table), f"witte_vlekken_{insurer}.csv", "text/csv", key="gap_csv")
    d2.download_button("Tabel (Excel)", table_xlsx_bytes(table, "witte vlekken"), f"witte_vlekken_{insurer}.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="gap_xlsx")

    st.subheader("Per zorgkantoorregio")
    per_region = region_gaps(ranked, prep.members, regions)
    per_region["thema"] = per_region["thema"].map(lambda t: labels["thema"].get(t, t))
    st.dataframe(per_region.rename(columns={"zorgkantoorregio_code": "code", "zorgkantoorregio_naam": "zorgkantoorregio"}),
                 hide_index=True, key="gap_regions_table")

    if CUSTOM_LEVEL in prep.areas:
        st.subheader("Per regio (eigen regio-indeling)")
        per_set = region_gaps(ranked, prep.members, regions, level=CUSTOM_LEVEL)
        per_set["thema"] = per_set["thema"].map(lambda t: labels["thema"].get(t, t))
        st.dataframe(per_set.rename(columns={f"{CUSTOM_LEVEL}_code": "code", f"{CUSTOM_LEVEL}_naam": "regio"}),
                     hide_index=True, key="gap_regionset_table")

    st.subheader("Landelijk overzicht: gemeenten zonder enig project op het thema")
    overview = RESULTS.get(("national_overview", prep_key(prep)),
                           lambda: national_overview(prep.long, prep.members, zk, TAX["thema"].codes)).copy()
    overview.index = overview.index.map(labels["thema"].get)
    overview = overview.rename(columns={g: labels["zorgverzekeraar"].get(g, g) for g in overview.columns})
    st.caption("Per gebied waar een groep het zorgkantoor voert; alle partijen en fasen tellen mee.")
    st.dataframe(overview, key="gap_overview")
    st.bar_chart(overview.drop(columns="totaal"), horizontal=True, stack=True)
    st.caption(source_line(is_demo, result))
