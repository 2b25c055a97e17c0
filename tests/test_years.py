"""Inventories mixing years: every project translated onto the map's year or listed as not drawn."""
from __future__ import annotations

import pytest

from analysis.prepare import prepare
from analysis.view import compute_view, on_map
from export.views import subtitle_of
from inventory.taxonomy import load_taxonomy
from inventory.validate import validate_file
from tests.cli_run import run_cli
from tests.inventory_fixtures import HEADER, csv_bytes, row

pytestmark = pytest.mark.usefixtures("real_boundaries")
TAX = load_taxonomy()


def _mixed(rows):
    return csv_bytes([row(i, gemeenten=g) + [str(y)] for i, g, y in rows], header=HEADER + ["jaar"])


ISSUE = [("A", "Weesp", 2017), ("B", "Amsterdam", 2025), ("C", "Utrecht", 2025), ("D", "Eemsdelta", 2025),
         ("E", "Haren", 2017)]


def test_the_issue_case_on_2025():
    res = validate_file(_mixed(ISSUE), 2017, filename="m.csv")
    assert res.rows_accepted == 5 and any("2 jaren" in w for w in res.warnings)
    prep = prepare(res.accepted, 2025)
    assert prep.n_input == 5 and len(prep.projects) == 5 and prep.not_drawn.empty
    assert dict(zip(prep.translated["oude_code"], prep.translated["nieuwe_code"])) == {"GM0457": "GM0363", "GM0017": "GM0014"}
    view = compute_view(prep, {}, "gemeente", TAX["fase"].codes)
    counts = view.summary.set_index("code")["n_projecten"]
    assert counts["GM0363"] == 2 and counts.sum() == 5
    assert subtitle_of(view, prep, {}, TAX).startswith("5 van 5 projecten · inventaris 2025")


def test_later_municipality_on_an_older_map_is_listed():
    prep = prepare(validate_file(_mixed(ISSUE), 2017, filename="m.csv").accepted, 2017)
    assert list(prep.not_drawn["id"]) == ["D"] and not prep.not_drawn["getekend"].any()
    assert "GM1979" in prep.not_drawn["codes"].iloc[0]
    for level in ("gemeente", "zorgkantoorregio", "provincie"):
        view = compute_view(prep, {}, level, TAX["fase"].codes)
        assert len(on_map(prep, view.filtered, level)) == 4
        assert subtitle_of(view, prep, {}, TAX).startswith(
            "4 van 5 projecten · inventaris 2017 · 1 project(en) niet getekend: gemeente(n) bestaan niet in 2017")


def test_partly_drawn_project_keeps_its_other_municipalities():
    data = _mixed([("A", "Eemsdelta; Groningen", 2025), ("B", "Utrecht", 2017), ("C", "Utrecht", 2017)])
    prep = prepare(validate_file(data, 2017, filename="m.csv").accepted, 2017)
    assert prep.projects.set_index("id").loc["A", "gemeente_codes"] == "GM0014"
    assert prep.not_drawn["getekend"].tolist() == [True]


def test_cli_export_says_what_is_not_drawn(tmp_path, capsys):
    inv = tmp_path / "m.csv"
    inv.write_bytes(_mixed(ISSUE[:1] + [("X", "Utrecht", 2017), ("D", "Eemsdelta", 2025)]))
    out = tmp_path / "k.html"
    proc = run_cli(capsys, "export", "html", "--out", str(out), "--inventory", str(inv), "--no-basemap")
    assert proc.returncode == 0, proc.stderr
    assert "[D] niet getekend: GM1979" in proc.stderr
    assert "2 van 3 projecten · inventaris 2017 · 1 project(en) niet getekend" in out.read_text()
