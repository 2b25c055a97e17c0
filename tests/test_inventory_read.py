"""Reading CSV/XLSX as Dutch Excel writes them; unreadable files give one clear error."""
from __future__ import annotations

import pytest

from tabular.read import ReadError, read_table
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


# --- hostile files: bounded memory and time, one Dutch line -------------------------------------

def _far_cell_xlsx(cell: str, value="x") -> bytes:
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(row("1"))
    ws[cell] = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_value_in_last_cell_is_refused_quickly_with_little_memory():
    import time
    import tracemalloc

    data = _far_cell_xlsx("XFD1048576")
    assert len(data) < 10_000  # the whole attack is a few kilobytes
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        with pytest.raises(ReadError, match=r"kolom 16,384 \(cel XFD1048576\); de grens is \d+ kolommen"):
            read_table(data, "bom.xlsx")
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert time.perf_counter() - t0 < 3
    assert peak < 30 * 1024 * 1024  # the dense grid would be 17 billion cells


def test_xlsx_far_row_within_columns_is_read_sparsely():
    import time

    t0 = time.perf_counter()
    t = read_table(_far_cell_xlsx("A1048576", "2"), "far.xlsx")
    assert time.perf_counter() - t0 < 3
    assert t.row_numbers == [2, 1048576] and t.rows[1][0] == "2" and t.rows[1][1:] == [""] * 9
    assert t.empty_rows == 1048576 - 3


def test_xlsx_row_cap_counted_while_streaming():
    data = xlsx_bytes([row(str(i)) for i in range(30)])
    with pytest.raises(ReadError, match="meer dan 10 rijen; de grens is 10"):
        read_table(data, "x.xlsx", max_rows=10)


def test_xlsx_unpacking_to_far_more_than_the_limit_is_refused():
    data = xlsx_bytes([row(str(i), omschrijving="a" * 2000) for i in range(200)])
    with pytest.raises(ReadError, match="pakt uit tot"):
        read_table(data, "zip.xlsx", max_bytes=len(data) + 10)


def test_csv_with_content_beyond_the_column_cap():
    from tabular.read import MAX_COLUMNS

    data = csv_bytes([row("1") + [""] * (MAX_COLUMNS + 5) + ["x"]], header=HEADER)
    with pytest.raises(ReadError, match=f"kolom {MAX_COLUMNS + 16:,} \\(cel rij 2\\)"):
        read_table(data, "x.csv")
    # trailing empty separators (as Excel writes them) are no problem
    ok = csv_bytes([row("1") + [""] * (MAX_COLUMNS + 5)], header=HEADER)
    assert read_table(ok, "x.csv").rows[0][0] == "1"


@pytest.mark.parametrize("data,message", [
    (b"\xef\xbb\xbfid;naam\r\n1;caf\xe9\r\n", "begint als UTF-8-tekst, maar byte 18 is geen geldige UTF-8"),
    (b"\xff\xfe" + "id\tnaam\r\n1\tx\r\n".encode("utf-16-le") + b"\x00", "begint als UTF-16 \\(Unicode-tekst\\)-tekst"),
])
def test_decode_errors_are_one_dutch_line(data, message):
    with pytest.raises(ReadError, match=message) as info:
        read_table(data, "x.csv")
    assert "\n" not in str(info.value)


def test_size_limit_counts_bytes_read_not_the_reported_size(tmp_path):
    import os
    import threading

    with pytest.raises(ReadError, match="te groot: de grens is 1,000 bytes"):
        read_table("/dev/zero", max_bytes=1000)  # st_size 0, endless content
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "wb") as fh:
            try:
                fh.write(csv_bytes([row(str(i)) for i in range(200)]))
            except BrokenPipeError:
                pass
    threading.Thread(target=feed, daemon=True).start()
    with pytest.raises(ReadError, match="te groot"):
        read_table(fifo, max_bytes=2000)


def test_directory_and_stream(tmp_path):
    import io

    with pytest.raises(ReadError, match="is een map, geen bestand"):
        read_table(tmp_path)
    stream = io.BytesIO(csv_bytes([row("1")]))
    assert read_table(stream, "x.csv").rows[0][0] == "1"
    with pytest.raises(ReadError, match="te groot"):
        read_table(io.BytesIO(b"a;b\n" * 1000), "x.csv", max_bytes=100)


def test_xlsx_shared_strings_part_is_capped_on_its_own():
    """Shared strings are loaded whole by openpyxl: a part that unpacks beyond the file limit is refused."""
    import io
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(xlsx_bytes([row("1")])))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item))
        out.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>a</t></si>" * 20_000 + "</sst>")
    data = buf.getvalue()
    assert len(data) < 20_000
    with pytest.raises(ReadError, match="onderdeel xl/sharedStrings.xml pakt uit tot 340,011 bytes; de grens is 50,000"):
        read_table(data, "s.xlsx", max_bytes=50_000)


def _styled_empty_rows_xlsx(blocks: list[int]) -> bytes:
    """An XLSX as Excel leaves it when whole columns were formatted: a header, a project, then for each
    number in ``blocks`` that many empty rows with a fill (a cell with a style, no value) followed by one
    more project. openpyxl (write-only) makes the workbook and one styled empty row; that row's XML is
    repeated with new row numbers, which builds 200,000 rows in a fraction of a second."""
    import io
    import re
    import zipfile

    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import PatternFill

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Projecten")
    ws.append(HEADER)
    ws.append(row("P1"))
    cell = WriteOnlyCell(ws, value=None)
    cell.fill = PatternFill("solid", fgColor="FFFF00")
    ws.append([cell])
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(buf)
    sheet = src.read("xl/worksheets/sheet1.xml").decode()
    style = re.search(r'<row r="3"><c r="A3" s="(\d+)"', sheet).group(1)  # the fill openpyxl gave the empty row
    rows, r = [], 3
    for i, n in enumerate(blocks):
        rows += [f'<row r="{k}"><c r="A{k}" s="{style}" /></row>' for k in range(r, r + n)]
        r += n
        cells = "".join(f'<c r="{chr(65 + j)}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
                        for j, v in enumerate(row(f"P{i + 2}")) if v)
        rows.append(f'<row r="{r}">{cells}</row>')
        r += 1
    sheet = re.sub(r'<row r="3">.*?</row>', lambda _: "".join(rows), sheet, count=1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, sheet if info.filename == "xl/worksheets/sheet1.xml" else src.read(info.filename))
    return out.getvalue()


def test_xlsx_reading_stops_after_a_bounded_run_of_empty_styled_rows():
    """An XLSX of millions of empty formatted rows cost 20 s CPU and 600 MB per check (openpyxl read
    every row, and scanned the sheet once more on opening when it has no <dimension>)."""
    import time
    import tracemalloc

    from tabular.read import MAX_EMPTY_RUN

    data = _styled_empty_rows_xlsx([200_000])
    assert len(data) < 2_000_000
    tracemalloc.start()
    t0 = time.process_time()
    try:
        t = read_table(data, "opgemaakt.xlsx")
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert time.process_time() - t0 < 2 and peak < 40 * 1024 * 1024
    assert t.row_numbers == [2]  # the project after the 200,000 empty rows was not read, and the report says so
    assert len(t.notes) == 1 and f"na rij 2 volgen {MAX_EMPTY_RUN:,} lege rijen" in t.notes[0]
    assert f"gestopt bij rij {MAX_EMPTY_RUN + 2:,}" in t.notes[0]


def test_xlsx_empty_rows_between_projects_are_bounded_in_all():
    from tabular.read import MAX_EMPTY_RUN, MAX_EMPTY_TOTAL

    block = MAX_EMPTY_RUN // 2  # each run stays under the bound; together they pass the total
    t = read_table(_styled_empty_rows_xlsx([block] * (MAX_EMPTY_TOTAL // block + 2)), "tussen.xlsx")
    assert len(t.rows) == 1 + MAX_EMPTY_TOTAL // block - 1 and f"{MAX_EMPTY_TOTAL:,} lege rijen tussen de gegevens" in t.notes[0]
    t = read_table(_styled_empty_rows_xlsx([5, 100]), "gewoon.xlsx")  # a few empty rows: everything read, nothing said
    assert [r[0] for r in t.rows] == ["P1", "P2", "P3"] and t.notes == [] and t.empty_rows == 105


def test_validation_report_says_where_the_reading_stopped(real_boundaries):
    from inventory.validate import validate_file

    result = validate_file(_styled_empty_rows_xlsx([30_000]), 2017, filename="opgemaakt.xlsx")
    assert result.rows_read == 1 and any("het lezen is gestopt bij rij" in w for w in result.warnings)
