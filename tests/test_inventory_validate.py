"""Validation: every row accepted or rejected with row, id, field, value, reason and suggestions."""
from __future__ import annotations

import functools
import json

import pytest

from tabular.read import read_table
from inventory.validate import SchemaError, validate_file, validate_table
from tests.cli_run import run_cli
from tests.inventory_fixtures import HEADER, csv_bytes, row, xlsx_bytes


def check(rows, year=2017, header=HEADER, **kw):
    result = validate_file(csv_bytes(rows, header=header, **kw), year, filename="test.csv")
    assert result.rows_read == result.rows_accepted + result.rows_rejected
    return result


def reasons(result):
    return {(r.rij, r.veld): r for r in result.rejections.itertuples()}


def test_all_kinds_of_municipality_reference(real_boundaries):
    refs = ["GM0363", "gm363", "363", "Amsterdam", "amsterdam ", "Den Haag", "Den Bosch", "Bergen (NH.)",
            "Bergen NH", "Súdwest-Fryslân", "Sudwest Fryslan", "Nuenen, Gerwen en Nederwetten", "Hengelo"]
    res = check([row(str(i), gemeenten=g) for i, g in enumerate(refs)])
    assert res.rows_rejected == 0
    got = res.accepted.set_index("id")["gemeente_codes"].tolist()
    assert got == ["GM0363"] * 5 + ["GM0518", "GM0796", "GM0373", "GM0373", "GM1900", "GM1900", "GM0820", "GM0164"]
    # every non-exact match is reported
    how = res.matches.set_index("waarde")["hoe"].to_dict()
    assert how["Den Haag"] == "alias" and how["amsterdam"] == "normalised" and how["Sudwest Fryslan"] == "normalised"
    assert "GM0363" not in how and "Amsterdam" not in how


def test_rejections_with_reasons_and_suggestions(real_boundaries):
    res = check([
        row("1", gemeenten="Bergen"),                  # ambiguous
        row("2", gemeenten="Amsterdm"),                # typo
        row("3", gemeenten="Bussum"),                  # merged away in 2016
        row("4", gemeenten="GM9999"),                  # no such code
        row("5", zv="Menzes"),                         # unknown insurer
        row("6", thema="ouderenzorgg"),                # typo in theme
        row("7", fase=""),                             # missing
        row("1", naam="dubbel"),                       # duplicated id
        row("9", gemeenten="Amsterdam; Nergenshuizen"),  # one bad of two
    ])
    r = reasons(res)
    assert res.rows_accepted == 0 and res.rows_rejected == 9
    assert "dubbelzinnig" in r[(2, "gemeenten")].reden and set(r[(2, "gemeenten")].suggesties) == {"Bergen (NH.)", "Bergen (L.)"}
    assert r[(3, "gemeenten")].suggesties == ["Amsterdam"]
    assert "opgegaan in Gooise Meren" in r[(4, "gemeenten")].reden
    assert "GM9999 bestaat niet" in r[(5, "gemeenten")].reden
    assert "menzis" in r[(6, "zorgverzekeraar")].suggesties
    assert "ouderenzorg" in r[(7, "thema")].suggesties
    assert "verplicht" in r[(8, "fase")].reden
    assert "dubbel id: komt al voor in rij 2" in r[(9, "id")].reden
    assert r[(10, "gemeenten")].waarde == "Nergenshuizen"
    rec = res.rejections.iloc[0].to_dict()
    assert set(rec) == {"rij", "id", "veld", "waarde", "reden", "suggesties"}


def test_first_of_duplicated_ids_is_kept(real_boundaries):
    res = check([row("A"), row("A", naam="tweede"), row("B")])
    assert res.accepted["id"].tolist() == ["A", "B"]
    assert res.accepted.loc[0, "naam"] == "Project"


def test_synonyms_case_and_spaces(real_boundaries):
    res = check([row("1", thema="  GEESTELIJKE gezondheidszorg ", fase="Pilot", instrument="Lokale  Werkpraktijk",
                     niveau="Regionaal", zv="Zilveren Kruis; Univé", gemeenten="Utrecht; Zeist")])
    a = res.accepted.iloc[0]
    assert (a.thema, a.fase, a.instrument, a.niveau) == ("ggz", "ontwikkelproject", "lokale werkpraktijk", "regio")
    assert a.zorgverzekeraar_groepen == "achmea;vgz" and a.gemeente_codes == "GM0344;GM0355"


def test_english_headers_any_case(real_boundaries):
    header = [" ID ", "Name", "Description", "Theme", "Phase", "INSTRUMENT", "Level", "Municipalities", "Insurer", "Start_Year"]
    res = check([row("1")], header=header)
    assert res.rows_accepted == 1


def test_missing_required_columns_is_a_file_error(real_boundaries):
    with pytest.raises(SchemaError, match="ontbreken: thema, zorgverzekeraar"):
        validate_file(csv_bytes([["1", "x", "opstart", "beleid", "gemeente", "Amsterdam"]],
                                header=["id", "naam", "fase", "instrument", "niveau", "gemeenten"]), 2017, filename="x.csv")


def test_hostile_text_is_kept_verbatim_not_executed(real_boundaries):
    nasty = ["<script>alert(1)</script>", "=HYPERLINK(\"http://evil\")", "${alert(1)}`", "+31 6 1234", "@SUM(A1)"]
    res = check([row(str(i), naam=n, omschrijving=n) for i, n in enumerate(nasty)])
    assert res.accepted["naam"].tolist() == nasty  # escaping happens where text enters HTML or a spreadsheet


def test_regio_column_expands_to_member_municipalities(real_boundaries):
    header = HEADER + ["regio"]
    res = check([row("1", gemeenten="", niveau="regio") + ["Zuid-Limburg"],
                 row("2", gemeenten="", niveau="regio") + ["ZK31"],
                 row("3", gemeenten="", niveau="regio") + ["Zuid Limbrg"],
                 row("4", gemeenten="Maastricht", niveau="regio") + ["Westelijke Mijnstreek"]], header=header)
    acc = res.accepted.set_index("id")
    assert acc.loc["1", "via_regio"] and "GM0935" in acc.loc["1", "gemeente_codes"].split(";")
    assert acc.loc["1", "gemeente_codes"] == acc.loc["2", "gemeente_codes"]
    assert acc.loc["4", "gemeente_codes"] == "GM0935" and acc.loc["4", "regio"] == "Westelijke Mijnstreek"
    r = reasons(res)
    assert "onbekende regio" in r[(4, "regio")].reden and "Zuid-Limburg" in r[(4, "regio")].suggesties


def test_landelijk_may_leave_municipalities_empty(real_boundaries):
    res = check([row("1", gemeenten="", niveau="landelijk"), row("2", gemeenten="", niveau="gemeente")])
    assert len(res.accepted.iloc[0]["gemeente_codes"].split(";")) == 388
    assert "geen gemeenten" in reasons(res)[(3, "gemeenten")].reden


def test_year_column_validates_against_that_years_boundaries(real_boundaries):
    header = HEADER + ["jaar"]
    res = check([row("1", gemeenten="Bussum", start="2014") + ["2015"], row("2", gemeenten="Bussum") + ["2017"],
                 row("3", gemeenten="Groningen") + ["2025"], row("4") + ["twintig"]], header=header)
    assert res.accepted["id"].tolist() == ["1", "3"]
    assert res.accepted.set_index("id").loc["1", "gemeente_codes"] == "GM0381"
    assert "geen geldig jaartal" in reasons(res)[(5, "jaar")].reden


def test_coordinates_url_and_years(real_boundaries):
    header = HEADER + ["lat", "lon", "url"]
    res = check([
        row("1") + ["52,37", "4,89", "https://example.org/p?a=1"],
        row("2") + ["4.89", "52.37", ""],            # swapped
        row("3") + ["52.37", "", ""],                # half
        row("4") + ["", "", "javascript:alert(1)"],  # not http(s)
        row("5", start="2019") + ["", "", ""],       # after inventory year
        row("6", start="ooit") + ["", "", ""],
    ], header=header)
    assert res.accepted.iloc[0][["lat", "lon"]].tolist() == [52.37, 4.89]
    r = reasons(res)
    assert r[(3, "lat/lon")].suggesties == ["lat en lon verwisseld?"]
    assert "allebei" in r[(4, "lat/lon")].reden
    assert "http" in r[(5, "url")].reden
    assert "na het inventarisatiejaar" in r[(6, "startjaar")].reden
    assert "geen geldig jaartal" in r[(7, "startjaar")].reden


def test_ragged_row_is_rejected_not_truncated(real_boundaries):
    data = csv_bytes([row("1"), row("2") + ["extra;cel"]])
    res = validate_table(read_table(data, "x.csv"), 2017)
    assert res.accepted["id"].tolist() == ["1"]
    assert "te veel cellen" in res.rejections.iloc[0]["reden"]


def test_xlsx_cp1252_and_bom_give_the_same_result(real_boundaries):
    rows = [row("1", gemeenten="Súdwest-Fryslân"), row("2", gemeenten="Leeuwarden; Dantumadiel")]
    a = validate_file(csv_bytes(rows, encoding="cp1252"), 2017, filename="a.csv").accepted
    b = validate_file(csv_bytes(rows, bom=True, sep=","), 2017, filename="b.csv").accepted
    c = validate_file(xlsx_bytes(rows), 2017, filename="c.xlsx").accepted
    cols = ["id", "gemeente_codes", "thema"]
    assert a[cols].equals(b[cols]) and a[cols].equals(c[cols])


def test_cli_validate_exit_codes_and_report(real_boundaries, tmp_path, capsys):
    _cli = functools.partial(run_cli, capsys)
    good, bad = tmp_path / "good.csv", tmp_path / "bad.xlsx"
    good.write_bytes(csv_bytes([row("1"), row("2", gemeenten="Den Haag")]))
    bad.write_bytes(xlsx_bytes([row("1"), row("2", gemeenten="Amsterdm")]))
    res = _cli("validate", str(good), "--year", "2017")
    assert res.returncode == 0, res.stderr
    report = tmp_path / "r.json"
    res = _cli("validate", str(bad), "--report", str(report), "--out", str(tmp_path / "ok.csv"))
    assert res.returncode == 1 and "1 afgewezen" in res.stdout
    rep = json.loads(report.read_text())
    assert (rep["rows_read"], rep["rows_accepted"], rep["rows_rejected"]) == (2, 1, 1)
    assert rep["rejections"][0] | {"suggesties": None} == {"rij": 3, "id": "2", "veld": "gemeenten", "waarde": "Amsterdm",
                                                           "reden": rep["rejections"][0]["reden"], "suggesties": None}
    assert (tmp_path / "ok.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    res = _cli("validate", str(empty))
    assert res.returncode == 2 and res.stderr.strip().count("\n") == 0 and "leeg" in res.stderr
    noncols = tmp_path / "cols.csv"
    noncols.write_text("a;b\n1;2\n")
    res = _cli("validate", str(noncols))
    assert res.returncode == 2 and "verplichte kolom" in res.stderr and "Traceback" not in res.stderr


def test_cli_accepts_every_demo_row(real_boundaries, capsys):
    res = run_cli(capsys, "validate", "data/projects/demo_inventaris_2017.csv", "--year", "2017")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "1500 rijen gelezen: 1500 geaccepteerd, 0 afgewezen" in res.stdout
