"""The regional talk in the app: pick a region (search by name, code or alias), see its
municipalities on the map, its profile against the country, the samenwerkingsmatrix, and take
the regio-dia or the regiorapport with you."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from analysis.focus import focus_levels, municipalities_in, region_of, search_areas, search_index
from analysis.matrix import matrix_long, matrix_summary, matrix_wide
from analysis.missing import missing_sentence, region_sentence
from analysis.prepare import LEVEL_LABELS, Prepared
from analysis.profile import (Profile, area_profile_compared, chosen_themes, comparison_table, filters_line,
                              national_themes, nl_number)
from export.regio import RegioSpec, matrix_xlsx_bytes, regio_report_pdf, regio_slide
from export.tables import projects_table, table_csv_bytes
from layers.escape import md
from ui.common import TAX, cached_inhabitants
from viewstate import ViewState


@st.cache_data(max_entries=8, show_spinner=False)
def cached_index(source_key: str, set_key: str, _prep: Prepared) -> pd.DataFrame:
    return search_index(_prep)


def level_label(level: str, set_name: str = "") -> str:
    return set_name if level == "regioset" and set_name else LEVEL_LABELS.get(level, level)


def focus_name(prep: Prepared, state: ViewState, set_name: str = "") -> str:
    """'Twente (zorgkantoorregio)' for the focus in the URL, or '' when it names nothing."""
    areas = prep.areas.get(state.focus_level) if state.focus else None
    if areas is None or state.focus_code not in set(areas["code"]):
        return ""
    naam = dict(zip(areas["code"], areas["naam"]))[state.focus_code]
    return f"{naam} ({level_label(state.focus_level, set_name)})"


def focus_picker(state: ViewState, prep: Prepared, source_key: str, set_key: str, set_name: str = "",
                 where=None, search: bool = True) -> None:
    """Region list and (with ``search``) a search box; sets ``state.focus`` (and hands a searched
    municipality to the area picker). ``where``: the container for the list (default: a new row)."""
    index = cached_index(source_key, set_key, prep)
    levels = focus_levels(prep)
    regions = [(lv, c, n) for lv in levels for c, n in sorted(zip(prep.areas[lv]["code"], prep.areas[lv]["naam"]),
                                                               key=lambda t: t[1])]
    options = [None] + [f"{lv}:{c}" for lv, c, _ in regions]
    names = {f"{lv}:{c}": f"{n} · {level_label(lv, set_name)}" for lv, c, n in regions}
    if state.focus not in names:
        state.focus = None
    pending = st.session_state.pop("_pending_focus", None)
    if pending in names:
        st.session_state["focus_select"] = pending
    elif "focus_select" not in st.session_state or st.session_state["focus_select"] not in options:
        st.session_state["focus_select"] = state.focus
    c1, c2 = (where, None) if where is not None else st.columns([3, 2])
    state.focus = c1.selectbox("Regio in beeld (zorgkantoorregio, provincie of eigen regio)", options, key="focus_select",
                               format_func=lambda o: "— heel Nederland —" if o is None else names[o],
                               help="Kies een regio om zijn gemeenten, profiel en samenwerkingsmatrix te zien.")
    if not search or c2 is None:
        return
    query = c2.text_input("Zoeken op naam, code of bekende naam", key="focus_query", placeholder="bijv. Den Bosch, Twente, ZK22")
    if query:
        hits = search_areas(index, query)
        if not hits:
            c2.caption("Geen regio of gemeente gevonden.")
        for i, hit in enumerate(hits[:5]):
            where = level_label(hit.level, set_name)
            if c2.button(f"{hit.naam} ({where}, {hit.code})", key=f"focus_hit_{i}"):
                _choose(hit.level, hit.code, prep, levels)
                st.rerun()


def _choose(level: str, code: str, prep: Prepared, levels: list[str]) -> None:
    """A search hit becomes the focus: a region itself, or the region around a municipality."""
    if level == "gemeente":
        region_level = levels[0] if levels else None
        region = region_of(prep, code, region_level) if region_level else None
        st.session_state["_pending_focus"] = f"{region_level}:{region}" if region else None
        st.session_state["_pending_area"] = code
    else:
        st.session_state["_pending_focus"] = f"{level}:{code}"
    st.session_state.pop("focus_query", None)


def focus_areas(prep: Prepared, state: ViewState):
    """(region polygon frame, municipality codes inside, municipalities frame) of the focus."""
    level, code = state.focus_level, state.focus_code
    areas = prep.areas[level]
    region = areas[areas["code"] == code]
    codes = municipalities_in(prep, level, code)
    gem = prep.areas["gemeente"]
    return region, set(codes), gem[gem["code"].isin(codes)]


def profile_block(prof: Profile, where, selection: dict, title: str, sub: bool = False) -> None:
    """One area's profile, compared with the country and the median area of its kind (an h2, or an h3 with ``sub``)."""
    (where.subheader if sub else where.header)(title)
    flt = filters_line(selection, TAX)
    inw = f" · {nl_number(prof.inwoners)} inwoners" if prof.inwoners else ""
    where.caption(f"{len(prof.projects)} projecten{inw} · filters: {md(flt) if flt else 'geen (alle projecten)'}")
    labels = TAX["thema"].labels()
    # judged per municipality among the chosen themes: the same sentence as on the regio-dia and in the regiorapport
    said = md(missing_sentence(prof.gaps, labels))
    if region := region_sentence(prof.gaps, labels):
        said += "  \n" + md(region)
    (where.warning if len(prof.gaps.gaps) else where.success)(said)
    table = comparison_table(prof.per_thema.loc[prof.judged_themes], labels, "thema")  # only the chosen themes
    where.dataframe(table, hide_index=True, key=f"cmp_thema_{prof.level}_{prof.code}")
    where.altair_chart(phase_chart(prof), width="stretch")
    where.dataframe(comparison_table(prof.per_fase, TAX["fase"].labels(), "fase"), hide_index=True,
                    key=f"cmp_fase_{prof.level}_{prof.code}")
    where.caption("Per 10.000 inwoners (CBS, inventarisjaar); Nederland: het hele land; mediaan gebieden: de middelste "
                  "van alle gebieden van dezelfde soort.")
    for note in prof.notes:
        where.caption(note)


def phase_chart(prof: Profile) -> alt.Chart:
    """Projects per fase in phase order, bars in the phase colours, labels whole (the table below has the numbers)."""
    labels, colours = TAX["fase"].labels(), TAX["fase"].colours()
    order = [labels[f] for f in TAX["fase"].codes]
    data = pd.DataFrame({"fase": order, "projecten": [int(prof.per_fase.loc[f, "n"]) for f in TAX["fase"].codes]})
    return alt.Chart(data, height=alt.Step(24), title="Projecten per fase").mark_bar().encode(
        y=alt.Y("fase:N", sort=order, axis=alt.Axis(labelLimit=0, title=None)),
        x=alt.X("projecten:Q", title="projecten", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("fase:N", scale=alt.Scale(domain=order, range=[colours[f] for f in TAX["fase"].codes]), legend=None),
        tooltip=["fase", "projecten"],
    )


def national_panel(filtered: pd.DataFrame, selection: dict, level_label: str) -> None:
    """Beside the map before anything is chosen: the country's figures and where the profile will appear."""
    st.header("Nederland")
    flt = filters_line(selection, TAX)
    st.caption(f"{nl_number(len(filtered))} projecten · filters: {md(flt) if flt else 'geen (alle projecten)'}")
    st.info(f"Klik op een {md(level_label)} op de kaart, kies er een in de lijst boven de kaart, of kies een *regio in beeld*: "
            "het profiel verschijnt hier.")
    labels = TAX["thema"].labels()
    per = national_themes(filtered, chosen_themes(selection, TAX["thema"].codes))  # the chosen themes only
    # a plain table (six rows): on a first load a data grid's code arrives ~0.4 s later than the chips
    rows = [f"| {md(labels[t])} | {nl_number(int(r.n))} | {nl_number(r.aandeel * 100)}% |" for t, r in per.iterrows()]
    st.markdown("\n".join(["| Thema | Projecten | Aandeel |", "|---|--:|--:|", *rows]))


def region_panel(state: ViewState, prep: Prepared, filtered: pd.DataFrame, selection: dict, source: str,
                 demo: bool, breaks: list[int] | None, set_name: str = "", ratings=None) -> None:
    """Beside the map: the region's profile, a clicked municipality's profile, matrix, downloads."""
    level, code = state.focus_level, state.focus_code
    inw, _ = cached_inhabitants(prep.year)
    prof = area_profile_compared(prep, filtered, level, code, selection, TAX["thema"].codes, TAX["fase"].codes, inw)
    profile_block(prof, st, selection, f"{md(prof.naam)} ({md(level_label(level, set_name))})")
    if state.area and state.area != code and state.area in set(municipalities_in(prep, level, code)):
        gprof = area_profile_compared(prep, filtered, "gemeente", state.area, selection, TAX["thema"].codes,
                                      TAX["fase"].codes, inw)
        with st.container(border=True):
            profile_block(gprof, st, selection, f"Gemeente {md(gprof.naam)}", sub=True)


def matrix_section(state: ViewState, prep: Prepared, filtered: pd.DataFrame, selection: dict, source: str, demo: bool,
                   breaks: list[int] | None, set_name: str = "", ratings=None) -> None:
    """The samenwerkingsmatrix of the focused region, its downloads, the regio-dia and the regiorapport."""
    level, code = state.focus_level, state.focus_code
    long = prep.long[prep.long["id"].isin(set(filtered["id"]))]
    codes = municipalities_in(prep, level, code)
    themes = [t for t in TAX["thema"].codes if t in set(selection.get("thema", TAX["thema"].codes))] or TAX["thema"].codes
    mat = matrix_long(long, prep.areas["gemeente"], codes, themes, TAX["fase"].codes)  # the chosen themes only
    wide = matrix_wide(mat, TAX)
    counts = matrix_summary(mat)
    name = dict(zip(prep.areas[level]["code"], prep.areas[level]["naam"]))[code]
    st.header(f"Samenwerkingsmatrix {md(name)}")
    st.caption(f"{len(codes)} gemeenten × {len(themes)} thema's: per cel de hoogste fase, het aantal "
               f"projecten en de zorgverzekeraars. {counts['zonder_project']} van {counts['cellen']} cellen zonder "
               f"project; {counts['gemeenten_zonder']} {'gemeente' if counts['gemeenten_zonder'] == 1 else 'gemeenten'} zonder "
               f"enig project. Filters: "
               f"{md(filters_line(selection, TAX)) or 'geen'}.")
    colours = TAX["fase"].colours()
    fase_of = {(r.gemeente, TAX["thema"].labels()[r.thema]): r.hoogste_fase for r in mat.itertuples(index=False)}

    def colour(col: pd.Series) -> list[str]:
        if col.name == "gemeente":
            return [""] * len(col)
        return [f"background-color: {colours.get(fase_of.get((g, col.name)), '#ffffff')}; color: "
                f"{'#fff' if fase_of.get((g, col.name)) in TAX['fase'].codes[-2:] else '#111'}" for g in wide["gemeente"]]

    st.dataframe(wide.style.apply(colour, axis=0), hide_index=True, key="matrix", width="stretch")
    st.caption("Kleur: hoogste fase (" + ", ".join(TAX["fase"].labels()[f] for f in TAX["fase"].codes)
               + "); wit: geen project. Klik op een kolomkop om te sorteren.")
    spec = RegioSpec(level=level, code=code, selection=selection, source=source, demo=demo, breaks=breaks,
                     level_label=level_label(level, set_name))
    slug = f"{code.lower()}"
    c1, c2, c3, c4 = st.columns(4)
    c1.download_button("Matrix (Excel)", lambda: matrix_xlsx_bytes(mat, TAX, name, spec), f"matrix_{slug}.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
                       key="matrix_xlsx")
    c2.download_button("Regio-dia (PNG)", lambda: regio_slide(prep, filtered, spec, TAX, fmt="png"), f"regio_dia_{slug}.png",
                       "image/png", on_click="ignore", key="regio_png")
    c3.download_button("Regio-dia (PDF)", lambda: regio_slide(prep, filtered, spec, TAX, fmt="pdf"), f"regio_dia_{slug}.pdf",
                       "application/pdf", on_click="ignore", key="regio_pdf")
    c4.download_button("Regiorapport (PDF)", lambda: regio_report_pdf(prep, filtered, spec, TAX, ratings=ratings),
                       f"regiorapport_{slug}.pdf", "application/pdf", on_click="ignore", key="regio_report")
    with st.expander(f"Projecten in {md(name)} ({len(_region_projects(prep, filtered, level, code))})"):
        table = projects_table(_region_projects(prep, filtered, level, code), TAX)
        table = table.drop(columns=[c for c in ("omschrijving", "url", "contact", "regio") if c in table])
        st.dataframe(table, hide_index=True, key="focus_projects")
        st.download_button("Projecten (CSV)", table_csv_bytes(table), f"projecten_{slug}.csv", "text/csv", key="focus_csv")


def _region_projects(prep: Prepared, filtered: pd.DataFrame, level: str, code: str) -> pd.DataFrame:
    codes = set(municipalities_in(prep, level, code))
    ids = set(prep.long.loc[prep.long["gemeente_code"].isin(codes), "id"])
    return filtered[filtered["id"].isin(ids)]
