"""Messy inventory files made in code (no binary fixtures in the repository)."""
from __future__ import annotations

import io

import openpyxl

HEADER = ["id", "naam", "omschrijving", "thema", "fase", "instrument", "niveau", "gemeenten", "zorgverzekeraar", "startjaar"]


def csv_bytes(rows: list[list[str]], header=HEADER, sep: str = ";", encoding: str = "utf-8", bom: bool = False) -> bytes:
    def cell(v):
        v = str(v)
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in (sep, '"', "\n")) else v
    text = "\r\n".join(sep.join(cell(c) for c in r) for r in [header, *rows]) + "\r\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows: list[list], header=HEADER, sheet: str = "Projecten", extra_sheet_first: bool = False) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    if extra_sheet_first:
        ws.title = "Toelichting"
        ws.append(["Dit blad is uitleg"])
        ws = wb.create_sheet(sheet)
    else:
        ws.title = sheet
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def row(id_, gemeenten="Amsterdam", naam="Project", thema="ouderen", fase="opstart", instrument="beleid",
        niveau="gemeente", zv="CZ", start="2016", omschrijving=""):
    return [id_, naam, omschrijving, thema, fase, instrument, niveau, gemeenten, zv, start]
