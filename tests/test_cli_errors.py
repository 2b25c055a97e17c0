"""Ordinary mistakes on the command line: one line on stderr, exit 2, never a traceback."""
from __future__ import annotations

import subprocess
import sys

import pytest

from geo.config import REPO_ROOT
from tests.cli_run import run_cli
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
def test_mistake_is_one_line_and_exit_2(name, files, capsys):
    argv = [a.format(d=files) for a in CASES[name]]
    proc = run_cli(capsys, *argv)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout == ""


def test_a_mistake_in_a_process_is_its_exit_status_and_one_line_on_stderr(files):
    """What only a process shows: ``python cli.py``'s exit status, and stdout and stderr apart."""
    proc = subprocess.run([sys.executable, "cli.py", "validate", str(files / "missing.csv")], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and proc.stdout == "", (proc.returncode, proc.stdout)
    assert proc.stderr.startswith("fout: ") and proc.stderr.count("\n") == 1 and "missing.csv" in proc.stderr, proc.stderr


# -- in-process (cli.main): what the operating system, the network or a library said in English -----------------

ENGLISH = ("Errno", "No such file", "Is a directory", "Permission denied", "codec", "out of range", "Connection refused",
           "unknown url type", "file is not a database", "Traceback", "Cannot reach", "error:")


@pytest.fixture(scope="module")
def store_with_a_version(tmp_path_factory):
    """An SQLite store of its own with version 1 (so export/diff reach the writing of --out)."""
    import store

    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'kaart.sqlite'}"
    store.import_file(store.get_engine(url), csv_bytes([row("1")]), "inventaris", year=2017, filename="a.csv", by="test")
    return url


def _closed_port() -> int:
    import socket

    with socket.socket() as s:  # nothing listens here once the socket is closed: no request leaves the machine
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


IN_PROCESS = {
    "validate --year 99999": ["validate", "{d}/nojaar.csv", "--year", "99999"],
    "store on a file that is not a database": ["store", "--database", "sqlite:///{d}/random.bin", "list"],
    "assets install --registry notaurl": ["assets", "install", "--registry", "notaurl", "--force"],
    "split-shares missing": ["validate", "{d}/inv.csv", "--to-year", "2025", "--split-shares", "{d}/missing.csv"],
    "split-shares binary": ["validate", "{d}/inv.csv", "--to-year", "2025", "--split-shares", "{d}/random.bin"],
    "store export --out in a missing directory": ["store", "--database", "{store}", "export", "1", "--out", "/nope/x.csv"],
    "store diff --out in a missing directory": ["store", "--database", "{store}", "diff", "1", "1", "--out", "/nope/x.csv"],
    "store import a missing file": ["store", "--database", "{store}", "import", "{d}/missing.csv"],
    "store import a note longer than the app takes": ["store", "--database", "{store}", "import", "{d}/inv.csv",
                                                       "--note", "x" * 501],
    "demo --out a directory": ["demo", "--out", "{d}"],
    "boundaries fetch offline": ["boundaries", "fetch", "--year", "2025", "--types", "provincie", "--no-mutations",
                                 "--quiet", "--base-url", "http://127.0.0.1:{port}", "--dest", "{d}/grenzen"],
}


@pytest.fixture(scope="module")
def more_files(files):
    (files / "nojaar.csv").write_bytes(csv_bytes([row("1")]))  # no jaar column: --year is used
    (files / "random.bin").write_bytes(bytes(range(256)) * 40)
    return files


@pytest.mark.parametrize("name", list(IN_PROCESS))
def test_system_messages_become_one_dutch_line(name, more_files, store_with_a_version, capsys):
    import cli

    argv = [a.format(d=more_files, store=store_with_a_version, port=_closed_port()) for a in IN_PROCESS[name]]
    code = cli.main(argv)
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1, (code, err)
    assert "fout: " in lines[0] and not any(e in err for e in ENGLISH), err
    assert out == ""


@pytest.mark.parametrize("exc,line", [
    (PermissionError(13, "Permission denied", "/srv/x.csv"), "/srv/x.csv: geen toestemming"),
    (NotADirectoryError(20, "Not a directory", "/etc/passwd/x.csv"), "/etc/passwd/x.csv: een deel van het pad is geen map"),
    (IsADirectoryError(21, "Is a directory", "/tmp"), "/tmp: is een map, geen bestand"),
    (OSError(28, "No space left on device", "/data/x.xlsx"), "/data/x.xlsx: de schijf is vol"),
    (FileNotFoundError("de referentietabel ontbreekt"), "de referentietabel ontbreekt"),  # raised with our own words
])
def test_one_helper_translates_os_errors(exc, line):
    from dutch_errors import error_line

    assert error_line(exc) == line


def test_validate_prints_no_terminal_control_characters_from_the_file(tmp_path, capsys):
    import cli

    f = tmp_path / "esc.csv"
    f.write_bytes(b"id;naam;thema;fase;instrument;niveau;gemeenten;zorgverzekeraar;x\x1b[2J\r\n"
                  b"A\x1b[31m;x;kaas;opstart;inkoop;gemeente;Utrecht;CZ;1\r\n")
    assert cli.main(["validate", str(f)]) == 1
    out = capsys.readouterr().out
    assert "x[2J" in out and "[A[31m]" in out and "\x1b" not in out, out


@pytest.mark.parametrize("argv", [["validate", "{d}/inv\x1b[2J\x07.csv"],
                                  ["export", "table", "--out", "{d}/x.csv", "--inventory", "{d}/inv\x1b[2J\x07.csv"]])
def test_an_error_line_prints_no_terminal_control_characters_from_a_file_name(argv, tmp_path, capsys, real_boundaries):
    """The error line quotes the file name: an ESC sequence in it cleared the terminal of whoever ran the
    command (the store's lines were cleaned before; now every command's are, in the one wrapper)."""
    res = run_cli(capsys, *[a.format(d=tmp_path) for a in argv])
    assert res.returncode == 2 and res.stderr.count("\n") == 1, res.stderr
    assert "inv[2J.csv" in res.stderr and "\x1b" not in res.stderr and "\x07" not in res.stderr, repr(res.stderr)
