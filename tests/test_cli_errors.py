"""Ordinary mistakes on the command line: one line on stderr, exit 2, never a traceback."""
from __future__ import annotations

import subprocess
import sys

import pytest

from geo.config import REPO_ROOT
from tests.inventory_fixtures import csv_bytes, row

pytestmark = pytest.mark.usefixtures("real_boundaries")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    (d / "inv.csv").write_bytes(csv_bytes([row("1")]))
    (d / "bom_bad.csv").write_bytes(b"\xef\xbb\xbfid;naam\r\n1;caf\xe9\r\n")
    (d / "utf16_odd.csv").write_bytes(b"\xff\xfe" + "id\tnaam\r\n1\tx\r\n".encode("utf-16-le") + b"\x00")
    (d / "adir").mkdir()
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["id", "naam"])
    wb.active.append(["1", "x"])
    wb.active["XFD1048576"] = "x"
    wb.save(d / "bomb.xlsx")
    return d


CASES = {
    "out in a missing directory": ["validate", "{d}/inv.csv", "--out", "{d}/nope/x.csv"],
    "out is a directory": ["validate", "{d}/inv.csv", "--out", "{d}/adir"],
    "validate out .txt": ["validate", "{d}/inv.csv", "--out", "{d}/x.txt"],
    "report in a missing directory": ["validate", "{d}/inv.csv", "--report", "{d}/nope/r.json"],
    "translation report .txt": ["validate", "{d}/inv.csv", "--to-year", "2025", "--translation-report", "{d}/t.txt"],
    "gaps out .txt": ["gaps", "--zorgverzekeraar", "cz", "--thema", "jeugd", "--out", "{d}/x.txt"],
    "gaps out is a directory": ["gaps", "--zorgverzekeraar", "cz", "--thema", "jeugd", "--out", "{d}/adir"],
    "gaps zorgkantoren is a directory": ["gaps", "--zorgverzekeraar", "cz", "--thema", "jeugd", "--out", "{d}/g.csv",
                                         "--zorgkantoren", "{d}/adir"],
    "export html out .txt": ["export", "html", "--out", "{d}/x.txt"],
    "export png out .html": ["export", "png", "--out", "{d}/x.html"],
    "export table out in a missing directory": ["export", "table", "--out", "{d}/nope/x.csv"],
    "export inventory is a directory": ["export", "table", "--out", "{d}/x.csv", "--inventory", "{d}/adir"],
    "validate a directory": ["validate", "{d}/adir"],
    "validate a missing file": ["validate", "{d}/missing.csv"],
    "validate XLSX with a value in XFD1048576": ["validate", "{d}/bomb.xlsx"],
    "validate /dev/zero": ["validate", "/dev/zero", "--max-bytes", "100000"],
    "validate BOM + invalid UTF-8": ["validate", "{d}/bom_bad.csv"],
    "validate UTF-16 odd length": ["validate", "{d}/utf16_odd.csv"],
    "regions validate UTF-16 odd length": ["regions", "validate", "{d}/utf16_odd.csv"],
    "regions validate a directory": ["regions", "validate", "{d}/adir"],
    "ratings validate BOM + invalid UTF-8": ["ratings", "validate", "{d}/bom_bad.csv"],
    "fetch bad IPv6 base url": ["boundaries", "fetch", "--year", "2025", "--base-url", "http://[::1", "--dest", "{d}/b"],
    "fetch dest is a file": ["boundaries", "fetch", "--year", "2025", "--dest", "/etc/passwd"],
    "unknown thema": ["gaps", "--zorgverzekeraar", "cz", "--thema", "kaas", "--out", "{d}/x.csv"],
}


@pytest.mark.parametrize("name", list(CASES))
def test_mistake_is_one_line_and_exit_2(name, files):
    argv = [a.format(d=files) for a in CASES[name]]
    proc = subprocess.run([sys.executable, "cli.py", *argv], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout == ""
