"""Exports: self-contained HTML, static images, tables; hostile input stays inert everywhere."""
from __future__ import annotations

import io
import re

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from shapely.geometry import box

from analysis.prepare import prepare
from analysis.view import compute_view
from export.html import html_table
from export.image import static_map
from export.tables import neutralise_formulas, table_csv_bytes, table_xlsx_bytes
from export.views import ExportSpec, export_html, export_image, export_projects
from geo.config import REPO_ROOT
from inventory.taxonomy import load_taxonomy
from inventory.validate import validate_file
from tests.cli_run import run_cli
from tests.inventory_fixtures import csv_bytes, row

TAX = load_taxonomy()
EVIL = "<img src=x onerror=alert(1)>${alert(2)}`=1+2 $x^2$"
FORMULA = '=HYPERLINK("http://evil","klik")'


@pytest.fixture(scope="module")
def hostile(real_boundaries):
    data = csv_bytes([row("E1", naam=EVIL, gemeenten="Utrecht"), row("E2", naam=FORMULA, gemeenten="Zeist", thema="ggz"),
                      row("E3", naam="-1+1", gemeenten="Utrecht", thema="wijk")])
    res = validate_file(data, 2017, filename="evil.csv")
    assert res.rows_accepted == 3
    prep = prepare(res.accepted, 2017)
    return res, prep, compute_view(prep, {}, "gemeente", TAX["fase"].codes)


def test_html_is_self_contained_and_escaped(hostile):
    res, prep, view = hostile
    html = export_html(prep, view, ExportSpec(markers=True, basemap="geen", source="evil.csv"), {}, TAX)
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all("script", src=True) and not soup.find_all("link")  # everything inlined
    assert not re.search(r'src=["\']https?://', html)  # links (Leaflet's attribution) are fine; loads are not
    assert "service.pdok.nl" not in html  # --no-basemap: no tiles either
    assert soup.html["lang"] == "nl" and soup.find("meta", attrs={"name": "viewport"})
    assert soup.h1.get_text() == "Aantal projecten per gemeente"
    assert "<img src=x" not in html and "${alert" not in html and "`=1" not in html
    assert "kaart: CBS/Kadaster, CC-BY 4.0" in soup.find(class_="swk-source").get_text()
    table = soup.find("table", class_="swk")
    assert len(table.find_all("tr")) == 388 + 1 and table.caption and table.find("th", scope="col")
    assert soup.find("div", class_="swk-table")["tabindex"] == "0"


def test_html_of_demo_says_so_and_keeps_tiles(real_boundaries):
    res = validate_file(REPO_ROOT / "data/projects/demo_inventaris_2017.csv", 2017)
    prep = prepare(res.accepted, 2017)
    view = compute_view(prep, {"thema": ["ouderen"]}, "zorgkantoorregio", TAX["fase"].codes)
    html = export_html(prep, view, ExportSpec(view_kind="insurer", demo=True), {"thema": ["ouderen"]}, TAX)
    soup = BeautifulSoup(html, "html.parser")
    assert "Demonstratiedata" in soup.find(class_="swk-demo").get_text()
    assert "thema: Ouderen" in soup.find(class_="swk-sub").get_text()
    assert "demonstratiedata (synthetisch)" in soup.find(class_="swk-source").get_text()
    assert "service.pdok.nl" in html and len(soup.find("table", class_="swk").find_all("tr")) == 32


def test_html_table_escapes_every_cell():
    soup = BeautifulSoup(html_table(pd.DataFrame({"naam": [EVIL], "n": [3]}), EVIL), "html.parser")
    assert soup.find("img") is None
    assert soup.td.get_text() == EVIL and soup.caption.get_text() == EVIL
    assert soup.find_all("td")[1]["class"] == ["num"]


def test_png_labels_are_literal_text(hostile):
    res, prep, view = hostile
    areas = gpd.GeoDataFrame({"code": ["A"], "naam": [EVIL], "fill": ["#abc"]}, geometry=[box(5, 52, 5.2, 52.2)], crs=4326)
    png = static_map(areas, EVIL, [("#abc", EVIL)], EVIL, EVIL, labels=areas, size=(800, 450))
    assert png.startswith(b"\x89PNG")  # '$x^2$' did not go to mathtext (which would fail on '${')
    png = export_image(prep, view, ExportSpec(region="ZK23", source="evil.csv"), {}, TAX)
    assert png.startswith(b"\x89PNG") and len(png) > 50_000
    pdf = export_image(prep, view, ExportSpec(), {}, TAX, size=(1200, 800), fmt="pdf")
    assert pdf.startswith(b"%PDF")


def test_table_exports_neutralise_formulas(hostile):
    res, prep, view = hostile
    table = export_projects(view, TAX)
    assert set(table.columns) >= {"naam", "thema", "gemeenten", "zorgverzekeraars"}
    assert table.set_index("id").loc["E2", "thema"] == "GGZ"
    csv = pd.read_csv(io.BytesIO(table_csv_bytes(table)), sep=";", encoding="utf-8-sig", dtype=str).set_index("id")
    assert csv.loc["E2", "naam"] == "'" + FORMULA and csv.loc["E3", "naam"] == "'-1+1" and csv.loc["E1", "naam"] == EVIL
    ws = openpyxl.load_workbook(io.BytesIO(table_xlsx_bytes(table))).active
    cells = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(2, ws.max_row + 1)}
    assert cells["E2"].value == "'" + FORMULA and cells["E2"].data_type == "s"
    assert neutralise_formulas(pd.DataFrame({"a": ["@SUM(A1)", "ok", None]}))["a"].tolist()[:2] == ["'@SUM(A1)", "ok"]


@pytest.mark.parametrize("kind,suffix", [("html", "html"), ("png", "png"), ("pdf", "pdf"), ("table", "xlsx"), ("table", "csv")])
def test_cli_export(real_boundaries, tmp_path, kind, suffix, capsys):
    out = tmp_path / f"x.{suffix}"
    res = run_cli(capsys, "export", kind, "--out", str(out), "--thema", "ouderen,GGZ", "--level", "zorgkantoorregio")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("demonstratiedata:") and out.stat().st_size > 1000


def test_cli_export_errors(real_boundaries, tmp_path, capsys):
    def run(*a):
        return run_cli(capsys, "export", *a)
    res = run("png", "--out", str(tmp_path / "x.png"), "--region", "ZK99")
    assert res.returncode == 2 and "ZK99" in res.stderr and "Traceback" not in res.stderr
    res = run("html", "--out", str(tmp_path / "x.html"), "--thema", "ouderenn")
    assert res.returncode == 2 and "ouderen" in res.stderr
    res = run("table", "--out", str(tmp_path / "x.txt"))
    assert res.returncode == 2 and ".csv of .xlsx" in res.stderr


def test_export_of_a_venster_view_carries_its_values(real_boundaries):
    from analysis.ratings import DEMO_RATINGS, read_ratings, scores
    from geo.regionsets import load_demo_region_set

    rs = load_demo_region_set()
    res = validate_file(REPO_ROOT / "data/projects/demo_inventaris_2017.csv", 2017)
    prep = prepare(res.accepted, 2017, region_set=rs.table)
    view = compute_view(prep, {}, "regioset", TAX["fase"].codes)
    values = scores(read_ratings(DEMO_RATINGS, rs.regions).accepted, "ouderen", None, "gemeente")
    spec = ExportSpec(view_kind="venster", values=dict(values), value_label="Ouderen, alle aspecten, door gemeenten",
                      basemap="geen", demo=True)
    html = export_html(prep, view, spec, {}, TAX)
    assert "Venster-cijfer: Ouderen, alle aspecten, door gemeenten" in html
    assert html.count("geen cijfer") < 43  # regions with a rating are coloured, not all grey
    assert export_image(prep, view, spec, {}, TAX, size=(960, 540)).startswith(b"\x89PNG")


def test_xlsx_explains_itself_and_csv_stays_plain():
    import io

    import openpyxl
    import pandas as pd

    from export.tables import about_rows, about_text, file_stem, table_csv_bytes, table_xlsx_bytes

    df = pd.DataFrame({"naam": ["Zorg in de wijk", "=HYPERLINK(1)"], "projecten": [12345, 7]})
    rows = about_rows("eigen.csv", False, {"thema": "Ouderen"}, {"naam": "naam", "projecten": "aantal"}, when="2026-12-01")
    wb = openpyxl.load_workbook(io.BytesIO(table_xlsx_bytes(df, "tabel", rows)))
    assert wb.sheetnames == ["Toelichting", "tabel"]
    notes = {r[0].value: r[1].value for r in wb["Toelichting"].iter_rows(min_row=2)}
    assert notes == {"bron": "eigen.csv", "demonstratiedata": "nee", "datum": "2026-12-01", "filter: thema": "Ouderen",
                     "kolom: naam": "naam", "kolom: projecten": "aantal"}
    ws = wb["tabel"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:B3" and ws["A3"].value == "'=HYPERLINK(1)"
    assert ws.column_dimensions["A"].width > ws.column_dimensions["B"].width
    assert table_csv_bytes(df).decode("utf-8-sig").splitlines()[0] == "naam;projecten"  # no context rows in the CSV
    assert about_text(rows).decode().startswith("bron: eigen.csv\r\n")
    assert file_stem("projecten", "gemeente", filters={"thema": ["ouderen", "ggz"]}) == "projecten_gemeente_thema-ouderen-ggz"
    assert file_stem("x", filters={"t": ["../../etc", "a b"]}) == "x_t-..-..-etc-a-b"
