"""Every page with hostile or awkward inventories: no exception element, a message instead, and the
count in a title equal to the count on the map."""
from __future__ import annotations

import os
import re

import pytest

from layers.escape import md
from streamlit.testing.v1 import AppTest

from tests.apptest import app_test

from geo.boundaries import region_types
from inventory.demo import DEMO_FILE
from tests.inventory_fixtures import csv_bytes, row

pytestmark = pytest.mark.usefixtures("real_boundaries")
PAGES = ["kaart", "vlekken", "verandering"]
YEAR_HEADER = ["id", "naam", "omschrijving", "thema", "fase", "instrument", "niveau", "gemeenten", "zorgverzekeraar",
               "startjaar", "jaar"]


def _yrow(id_, gemeenten, jaar, thema="ouderen", fase="opstart", zv="CZ"):
    return row(id_, gemeenten=gemeenten, thema=thema, fase=fase, zv=zv) + [str(jaar)]


def _app() -> AppTest:
    return app_test(240).run()


def _upload(at: AppTest, data: bytes, name: str = "mijn.csv", use: bool = True) -> AppTest:
    at.file_uploader(key="upload").set_value((name, data, "text/csv")).run()
    assert not at.exception
    if use and any(c.key == "use_upload" for c in at.checkbox):
        at.checkbox(key="use_upload").check().run()
    return at


def _page(at: AppTest, page: str) -> AppTest:
    at.radio(key="page").set_value(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _selected(at) -> tuple[int, int]:
    text = next(m.value for m in at.markdown if "projecten geselecteerd" in m.value)
    a, b = re.match(r"\*\*([\d.]+)\*\* van ([\d.]+)", text).groups()  # Dutch: 1.500
    return int(a.replace(".", "")), int(b.replace(".", ""))


def _map_counts(at) -> int:
    """Sum of the projects per area in the table that holds the map's own figures (one municipality per project)."""
    return int(next(d.value for d in at.dataframe if "projecten" in d.value.columns and "code" in d.value.columns)["projecten"].sum())


def test_all_rows_rejected_every_page():
    at = _upload(_app(), csv_bytes([row("1", gemeenten="Nergenshuizen"), row("2", thema="kaas")]))
    assert any("2 rij(en) afgewezen" in e.value for e in at.error)
    assert not any(c.key == "use_upload" for c in at.checkbox)  # nothing to use: the demo stays
    for page in PAGES:
        _page(at, page)


def test_change_page_second_inventory_all_rejected_is_a_message_not_an_indexerror():
    at = _page(_app(), "verandering")
    at.file_uploader(key="upload_compare").set_value(("tweede.csv", csv_bytes([row("1", gemeenten="Nergenshuizen")]),
                                                      "text/csv")).run()
    assert not at.exception
    assert any("geen enkele rij geaccepteerd" in w.value for w in at.warning)


@pytest.mark.parametrize("data,message", [
    (b"\xef\xbb\xbfid;naam\r\n1;caf\xe9\r\n", "geen geldige UTF-8"),
    (b"\xff\xfe" + "id\tnaam\r\n1\tx\r\n".encode("utf-16-le") + b"\x00", "geen geldige UTF-16"),
])
def test_decode_errors_are_a_message_in_the_sidebar_and_on_the_change_page(data, message):
    at = _app()
    at.file_uploader(key="upload").set_value(("x.csv", data, "text/csv")).run()
    assert not at.exception and any(message in e.value for e in at.error)
    at = _page(_app(), "verandering")
    at.file_uploader(key="upload_compare").set_value(("x.csv", data, "text/csv")).run()
    assert not at.exception and any(message in e.value for e in at.error)


def test_single_row_every_page():
    at = _upload(_app(), csv_bytes([row("1", gemeenten="Maastricht")]))
    assert _selected(at) == (1, 1) and _map_counts(at) == 1
    for page in PAGES:
        _page(at, page)
    assert any("tweede inventaris" in i.value for i in at.info)
    at.file_uploader(key="upload_compare").set_value(
        ("later.csv", csv_bytes([_yrow("9", "Maastricht", 2025)], header=YEAR_HEADER), "text/csv")).run()
    assert not at.exception
    assert any("**1** projecten in 2017 → **1** in 2025" in m.value for m in at.markdown)


def test_filters_that_leave_nothing():
    at = _upload(_app(), csv_bytes([row("1", thema="ouderen", fase="opstart"), row("2", thema="ggz", fase="structureel")]))
    at.pills(key="f_thema").set_value(["ouderen"]).run()
    at.pills(key="f_fase").set_value(["structureel"]).run()
    assert not at.exception
    assert _selected(at) == (0, 2) and _map_counts(at) == 0
    for view in ("count", "fase", "insurer"):
        at.radio(key="view").set_value(view).run()
        assert not at.exception


MIXED = [_yrow("A", "Weesp", 2017), _yrow("B", "Amsterdam", 2025), _yrow("C", "Utrecht", 2025),
         _yrow("D", "Eemsdelta", 2025), _yrow("E", "Haren", 2017)]


def test_mixed_years_weesp_2017_is_counted_in_amsterdam_2025():
    """The issue's case: 2017 and 2025 rows in one file; Weesp (GM0457) no longer exists in 2025."""
    at = _upload(_app(), csv_bytes(MIXED, header=YEAR_HEADER))
    assert any(md("rijen uit 2 jaren (2017, 2025)") in w.value for w in at.warning)
    assert _selected(at) == (5, 5) and _map_counts(at) == 5
    table = next(d.value for d in at.dataframe if "projecten" in d.value.columns and "code" in d.value.columns)
    assert table.set_index("code").loc["GM0363", "projecten"] == 2  # Amsterdam: its own + Weesp's
    translated = next(d.value for d in at.dataframe if "oude_code" in d.value.columns)
    assert set(translated["oude_naam"]) == {"Weesp", "Haren"}
    for page in PAGES[1:]:
        _page(at, page)


def test_mixed_years_later_municipality_on_an_older_map_is_listed_not_lost():
    rows = [_yrow("A", "Weesp", 2017), _yrow("B", "Haren", 2017), _yrow("C", "Utrecht", 2017),
            _yrow("D", "Eemsdelta", 2025), _yrow("E", "Utrecht", 2025)]
    at = _upload(_app(), csv_bytes(rows, header=YEAR_HEADER))
    assert _selected(at) == (4, 5) and _map_counts(at) == 4  # drawn on 2017: Eemsdelta (2021) cannot be
    assert any("1 project(en) niet getekend: gemeente(n) bestaan niet in 2017" in w.value for w in at.warning)
    missing = next(d.value for d in at.dataframe if "reden" in d.value.columns and "getekend" in d.value.columns)
    assert missing["id"].tolist() == ["D"] and "2025" in missing["reden"].iloc[0]


REGION_SET = ("gemeente;regio\r\nMaastricht;Zuid\r\nHeerlen;Zuid\r\nAmsterdam;Noord\r\n").encode()


def test_title_counts_equal_map_counts_for_every_view():
    """One municipality per project, so the map's per-area counts add up to the projects it draws."""
    rows = [_yrow(str(i), g, 2017, thema=t, fase=f, zv=z) for i, (g, t, f, z) in enumerate([
        ("Maastricht", "ouderen", "opstart", "CZ"), ("Heerlen", "ggz", "structureel", "VGZ"),
        ("Amsterdam", "jeugd", "opstart", "Zilveren Kruis"), ("Utrecht", "ouderen", "ontwikkelproject", "Menzis"),
        ("Weesp", "wijk", "opstart", "CZ"), ("Groningen", "ggz", "opstart", "DSW")])]
    at = _upload(_app(), csv_bytes(rows, header=YEAR_HEADER))
    at.file_uploader(key="upload_regions").set_value(("regios.csv", REGION_SET, "text/csv")).run()
    assert not at.exception
    checked = 0
    # gemeente, zorgkantoorregio, provincie, every other region type whose file is present, the region set:
    # derived from the boundaries directory, never a fixed number
    expected = ["gemeente", "zorgkantoorregio", "provincie", *region_types(), "regioset"]
    assert len(at.radio(key="level").options) == len(expected)
    for level in ("gemeente", "zorgkantoorregio", "provincie", "regioset"):
        at.radio(key="level").set_value(level).run()
        for view in ("count", "fase", "insurer"):
            at.radio(key="view").set_value(view).run()
            assert not at.exception
            for thema in (["ouderen", "ggz", "jeugd", "wijk"], ["ouderen"]):
                at.pills(key="f_thema").set_value(thema).run()
                n, total = _selected(at)
                assert total == 6 and n == _map_counts(at), (level, view, thema)
                checked += 1
    assert checked >= 4 * 3 * 2
    at.radio(key="level").set_value("regioset").run()  # the region set: 3 of 6 inside
    at.pills(key="f_thema").set_value(["ouderen", "ggz", "jeugd", "wijk"]).run()
    assert _selected(at)[0] == 3 and any("liggen in geen enkele" in c.value for c in at.caption)


def _large_inventory(n: int) -> bytes:
    """``n`` demo rows (those with at most two municipalities) with new ids, short names and no description:
    250,000 rows stay under the 25 MB limit."""
    import csv
    import io

    records = list(csv.reader(io.StringIO(DEMO_FILE.read_bytes().decode("utf-8-sig")), delimiter=";"))
    header, body = records[0], [r for r in records[1:] if r[7].count(";") < 2]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    for i in range(n):
        r = body[i % len(body)]
        writer.writerow([f"L{i:06d}", f"P{i}", "", *r[3:]])
    return out.getvalue().encode()


@pytest.mark.parametrize("n", [
    20_000,
    pytest.param(250_000, marks=pytest.mark.skipif(not os.environ.get("SAMENWERKINGSKAART_LARGE"),
                                                   reason="large inventory: set SAMENWERKINGSKAART_LARGE=1 (minutes)")),
])
def test_large_inventory_every_page(n):
    at = _upload(_app(), _large_inventory(n), "groot.csv")
    assert _selected(at) == (n, n)
    for page in PAGES:
        _page(at, page)
