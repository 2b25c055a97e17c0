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
