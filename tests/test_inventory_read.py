"""Reading CSV/XLSX as Dutch Excel writes them; unreadable files give one clear error."""
from __future__ import annotations

import pytest

from inventory.read import ReadError, read_table
from tests.inventory_fixtures import HEADER, csv_bytes, row, xlsx_bytes


@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_delimiters(sep):
    t = read_table(csv_bytes([row("1"), row("2")], sep=sep), "x.csv")
    assert t.headers == HEADER and len(t.rows) == 2 and t.delimiter == sep


def test_cp1252_with_frisian_names():
    data = csv_bytes([row("1", gemeenten="Súdwest-Fryslân; Tytsjerksteradiel", naam="Wâldpyk")], encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    t = read_table(data, "x.csv")
    assert t.encoding == "cp1252"
    assert t.rows[0][1] == "Wâldpyk" and "Súdwest-Fryslân" in t.rows[0][7]


def test_utf8_bom_and_utf16():
    t = read_table(csv_bytes([row("1", naam="Zorg €")], bom=True), "x.csv")
    assert t.headers[0] == "id" and t.encoding == "utf-8-sig" and t.rows[0][1] == "Zorg €"
    text = "\t".join(HEADER) + "\r\n" + "\t".join(row("1", naam="Ærø")) + "\r\n"
    t = read_table(b"\xff\xfe" + text.encode("utf-16-le"), "x.txt")
    assert t.encoding == "utf-16" and t.rows[0][1] == "Ærø"


def test_quoted_line_breaks_keep_spreadsheet_row_numbers():
    t = read_table(csv_bytes([row("1", omschrijving="regel 1\nregel 2; met puntkomma"), row("2")]), "x.csv")
    assert t.rows[0][2] == "regel 1\nregel 2; met puntkomma"
    assert t.row_numbers == [2, 3]


def test_blank_rows_and_trailing_columns():
    data = csv_bytes([row("1"), [""] * 10, row("2")], header=HEADER + ["", ""])
    t = read_table(data, "x.csv")
    assert t.headers == HEADER and t.row_numbers == [2, 4] and t.empty_rows == 1


def test_xlsx_first_sheet_and_named_sheet():
    t = read_table(xlsx_bytes([row("1"), [2, "Nummer", None, "ggz", "opstart", "beleid", "gemeente", "GM0363", "CZ", 2016.0]]), "x.xlsx")
    assert t.rows[1][0] == "2" and t.rows[1][9] == "2016" and t.rows[1][2] == ""
    data = xlsx_bytes([row("1")], extra_sheet_first=True)
    assert read_table(data, "x.xlsx", sheet="Projecten").headers == HEADER
    with pytest.raises(ReadError, match="geen werkblad 'Nope'; wel: Toelichting, Projecten"):
        read_table(data, "x.xlsx", sheet="Nope")


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "is leeg"),
        (b"  \r\n\r\n", "is leeg"),
        (b"\x00\x01\x02binary\x00" * 50, "geen tekstbestand"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "oude Excel-formaat"),
        (b"PK\x03\x04 not really a zip", "geen leesbaar Excel-bestand"),
        (b"just one column\nvalue\n", "geen tabel"),
        ("id;naam\r\n".encode(), "geen gegevensrijen"),
    ],
)
def test_unreadable_files(data, message):
    with pytest.raises(ReadError, match=message):
        read_table(data, "x.csv")


def test_limits():
    data = csv_bytes([row(str(i)) for i in range(30)])
    with pytest.raises(ReadError, match="de grens is 10"):
        read_table(data, "x.csv", max_rows=10)
    with pytest.raises(ReadError, match="de grens is 100 bytes"):
        read_table(data, "x.csv", max_bytes=100)
