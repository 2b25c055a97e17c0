"""The merger crosswalk, checked against an independent overlay of the two vintages; translation."""
from __future__ import annotations

import pandas as pd
import pytest

from geo.crosswalk import crosswalk, disagreements, overlay_crosswalk, table_crosswalk
from inventory.translate import translate_inventory, translate_projects


def test_table_crosswalk_agrees_with_overlay_2015_2017(real_boundaries):
    cw = crosswalk(2015, 2017)
    assert len(cw) == 393 and cw["nieuwe_code"].nunique() == 388
    assert disagreements(cw).empty  # every merger of the table is where the overlay puts it
    m = cw.set_index("oude_naam")
    assert m.loc["Bussum", "nieuwe_naam"] == "Gooise Meren" and m.loc["Veghel", "nieuwe_naam"] == "Meierijstad"
    assert m.loc["Zeevang", "nieuwe_code"] == "GM0385" and m.loc["Groesbeek", "nieuwe_naam"] == "Berg en Dal"
    assert (cw.loc[cw["bron"] == "mutatietabel", "overlay_aandeel"] > 0.95).all()


def test_mergers_missing_from_the_table_are_placed_by_the_overlay(real_boundaries):
    cw = crosswalk(2017, 2025).set_index("oude_naam")
    assert (cw.loc[["Haren", "Ten Boer"], "nieuwe_naam"] == "Groningen").all()
    assert cw.loc["Weesp", "nieuwe_naam"] == "Amsterdam" and cw.loc["Weesp", "bron"] == "overlay"
    assert cw.loc["Utrecht", "bron"] == "ongewijzigd"
    assert cw["nieuwe_code"].notna().all()
    assert table_crosswalk(2017, 2025)["nieuwe_code"].eq(table_crosswalk(2017, 2025)["oude_code"]).all()


def test_overlay_shares(real_boundaries):
    ov = overlay_crosswalk(2015, 2017).set_index("oude_code")
    assert ov.loc["GM0381", "nieuwe_code"] == "GM1942" and ov.loc["GM0381", "aandeel"] > 0.95
    assert ov["aandeel"].median() > 0.95


def test_crosswalk_goes_forward_only(real_boundaries):
    with pytest.raises(ValueError):
        table_crosswalk(2025, 2017)


def test_translation_reports_every_translated_row(real_boundaries):
    acc = pd.DataFrame({"rij": [2, 3, 4], "id": ["A", "B", "C"], "jaar": [2015, 2015, 2015],
                        "gemeente_codes": ["GM0381;GM0424;GM0425", "GM0344", "GM0860;GM0844"],
                        "gemeente_namen": ["", "", ""]})
    out, report = translate_inventory(acc, 2017)
    assert out["gemeente_codes"].tolist() == ["GM1942", "GM0344", "GM1948"]  # merged ones count once
    assert out["gemeente_namen"].tolist() == ["Gooise Meren", "Utrecht", "Meierijstad"]
    assert sorted(report["rij"].unique()) == [2, 4] and len(report) == 5
    assert set(report["bron"]) == {"mutatietabel"}
    with pytest.raises(ValueError, match="vertalen kan niet"):
        translate_inventory(acc.assign(jaar=2025), 2017)
    with pytest.raises(ValueError, match="niet in de crosswalk"):
        translate_projects(acc.assign(gemeente_codes="GM9999"), crosswalk(2015, 2017))


# --- divided municipalities (Littenseradiel 2018, Winsum 2019, Haaren 2021) ---------------------

SPLITS = {"Haaren": {"Vught", "Oisterwijk", "Tilburg", "Boxtel"},  # by area: 39, 31, 19, 10.5 %
          "Littenseradiel": {"Súdwest-Fryslân", "Leeuwarden", "Waadhoeke"},
          "Winsum": {"Het Hogeland", "Westerkwartier"}}


def _one_project_per_municipality(year: int) -> pd.DataFrame:
    from geo.boundaries import load_boundaries

    gm = load_boundaries("gemeente", year)
    return pd.DataFrame({"rij": range(2, len(gm) + 2), "id": gm["code"], "jaar": year, "gemeente_codes": gm["code"],
                         "gemeente_namen": gm["naam"]})


def test_every_2017_municipality_to_2025_splits_reach_every_part(real_boundaries):
    acc = _one_project_per_municipality(2017)
    assert len(acc) == 388
    out, report = translate_inventory(acc, 2025)
    names = dict(zip(out["id"], out["gemeente_namen"].str.split(";")))
    old_names = dict(zip(acc["id"], acc["gemeente_namen"]))
    by_name = {old_names[i]: set(n) for i, n in names.items()}
    for old, parts in SPLITS.items():
        assert by_name[old] == parts, old
    # before splits were carried: the merger table, else the largest overlay piece; nothing else changes
    table = table_crosswalk(2017, 2025).set_index("oude_code")["nieuwe_code"]
    over = overlay_crosswalk(2017, 2025).set_index("oude_code")["nieuwe_code"]
    from geo.boundaries import load_boundaries

    exists = set(load_boundaries("gemeente", 2025)["code"])
    changed = []
    for pid, codes in zip(out["id"], out["gemeente_codes"]):
        if old_names[pid] in SPLITS:
            continue
        before = table[pid] if table[pid] in exists else over[pid]
        if codes != before:
            changed.append((old_names[pid], codes, before))
    assert changed == [] and len(out) == 388
    assert (out.loc[~out["id"].map(old_names).isin(SPLITS), "gedeeltelijk"] == "").all()
    haaren = out[out["id"] == "GM0788"].iloc[0]
    shares = dict(item.split("=") for item in haaren["gedeeltelijk"].split(";"))
    assert shares == {"GM0865": "0.39", "GM0824": "0.31", "GM0855": "0.19", "GM0757": "0.10"}
    part = report[report["gedeeltelijk"]]
    assert set(part["oude_naam"]) == set(SPLITS) and part["opgenomen"].all() and len(part) == 9
    assert part.groupby("oude_code")["aandeel"].sum().between(0.99, 1.01).all()


def test_threshold_is_configurable_and_smaller_parts_are_reported(real_boundaries):
    acc = pd.DataFrame({"rij": [2, 3], "id": ["A", "B"], "jaar": 2017, "gemeente_codes": ["GM0788", "GM0788;GM0865"],
                        "gemeente_namen": ""})
    out, report = translate_inventory(acc, 2025, min_share=0.2)
    assert out["gemeente_namen"].tolist() == ["Vught;Oisterwijk", "Vught;Oisterwijk"]
    assert out["gedeeltelijk"].tolist() == ["GM0865=0.39;GM0824=0.31", "GM0824=0.31"]  # B lies wholly in Vught
    a = report[report["id"] == "A"].set_index("nieuwe_naam")
    assert not a.loc["Tilburg", "opgenomen"] and not a.loc["Boxtel", "opgenomen"] and a.loc["Vught", "opgenomen"]


def test_sourced_shares_replace_the_area_shares(real_boundaries, tmp_path):
    from geo.crosswalk import read_share_table

    # address shares as reported in issue 16 (an independent check); Tilburg falls under 10%
    f = tmp_path / "aandelen.csv"
    f.write_text("oude_code;nieuwe_code;aandeel;bron\nGM0788;GM0824;42%;adressen\nGM0788;GM0865;34%;adressen\n"
                 "GM0788;GM0757;15%;adressen\nGM0788;GM0855;8%;adressen\n", encoding="utf-8")
    shares = read_share_table(f)
    cw = crosswalk(2017, 2025, shares=shares)
    haaren = cw[cw["oude_code"] == "GM0788"].set_index("nieuwe_naam")
    assert haaren["aandeel"].to_dict() == {"Oisterwijk": 0.42, "Vught": 0.34, "Boxtel": 0.15, "Tilburg": 0.08}
    assert set(haaren["aandeel_bron"]) == {"adressen"}
    acc = pd.DataFrame({"rij": [2], "id": ["A"], "jaar": 2017, "gemeente_codes": ["GM0788"], "gemeente_namen": ""})
    out, _ = translate_inventory(acc, 2025, shares=shares)
    assert set(out["gemeente_namen"].iloc[0].split(";")) == {"Oisterwijk", "Vught", "Boxtel"}
    f.write_text("oude_code,nieuwe_code,aandeel,bron\nGM0788,GM0824,42,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="tellen niet op"):
        read_share_table(f)


def test_splits_are_found_by_the_overlay_without_the_split_table(real_boundaries):
    cw = crosswalk(2017, 2025, splits_file=None)
    found = {n: set(g["nieuwe_naam"]) for n, g in cw[cw["deling"]].groupby("oude_naam")}
    assert found == SPLITS
    assert not crosswalk(2015, 2017)["deling"].any()


def test_a_split_in_the_merger_table_is_a_split_not_a_merger_into_its_last_successor(boundaries_copy):
    from geo.boundaries import BoundaryError, load_boundaries

    muts = boundaries_copy / "gemeente_mutaties.csv"
    muts.write_text(muts.read_text(encoding="utf-8") + "2019-01-01,GM0053,Winsum,GM1966,Het Hogeland\n"
                    "2019-01-01,GM0053,Winsum,GM1969,Westerkwartier\n", encoding="utf-8")
    cw = crosswalk(2017, 2025, boundaries_copy, splits_file=None)
    winsum = cw[cw["oude_code"] == "GM0053"].set_index("nieuwe_naam")
    assert set(winsum.index) == {"Het Hogeland", "Westerkwartier"} and winsum["deling"].all()
    assert winsum.loc["Westerkwartier", "aandeel"] == pytest.approx(0.245, abs=0.01)
    with pytest.raises(BoundaryError, match="GM0053"):
        load_boundaries("gemeente", 2019, boundaries_copy)  # cannot be derived from the 2015 polygons
