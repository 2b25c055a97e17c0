"""``python cli.py store ...`` on SQLite and PostgreSQL: exit codes, one-line Dutch errors, files written."""
from __future__ import annotations

import pandas as pd
import pytest

import cli
from inventory.demo import DEMO_FILE
from store.db import ENV_VAR
from tests.cli_run import run_cli
from tests.inventory_fixtures import csv_bytes, row


@pytest.fixture()
def run(store_url, monkeypatch, capsys):
    """cli.main in this process against the test database; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv(ENV_VAR, store_url)

    def call(*args):
        code = cli.main(["store", *map(str, args)])
        out = capsys.readouterr()
        return code, out.out, out.err
    return call


def test_import_list_show_publish_diff_export(run, tmp_path, real_boundaries):
    old = tmp_path / "oud.csv"
    old.write_bytes(csv_bytes([row("P1", "Amsterdam", naam="Eerste"), row("P2", "Utrecht"), row("P3", "Nergenshuizen")]))
    new = tmp_path / "nieuw.csv"
    new.write_bytes(csv_bytes([row("P1", "Amsterdam", naam="Eerste", fase="borgen"), row("P4", "Delft")]))

    code, out, err = run("import", old, "--note", "eerste ronde", "--publish")
    assert code == 1 and err == ""  # stored, but one row was rejected
    assert "versie 1 " in out and "opgeslagen" in out and "Nergenshuizen" in out
    assert "gepubliceerd: versie 1" in out
    code, out, _ = run("import", old)
    assert code == 1 and "identiek aan versie 1" in out and "niets opgeslagen" in out
    code, out, _ = run("import", new, "--year", "2017")
    assert code == 0 and "versie 2 " in out

    code, out, _ = run("list")
    lines = out.splitlines()
    assert code == 0 and lines[1].split()[0] == "2" and lines[2].split()[0] == "*"  # newest first; * = published
    assert "eerste ronde" in lines[2] and "oud.csv" in lines[2]
    code, out, _ = run("list", "--kind", "regio")
    assert code == 0 and "nog geen versies van regio" in out

    code, out, _ = run("show", 1)
    assert code == 0 and "(gepubliceerd)" in out and "oud.csv" in out and "eerste ronde" in out
    assert "Nergenshuizen" in out and "afgewezen      1" in out

    code, out, _ = run("diff", 1, 2, "--out", tmp_path / "verschil.csv")
    assert code == 0 and "1 toegevoegd, 1 verwijderd, 1 gewijzigd (1 velden)" in out
    d = pd.read_csv(tmp_path / "verschil.csv", sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert set(zip(d["wijziging"], d["sleutel"], d["veld"])) == {("toegevoegd", "P4", ""), ("verwijderd", "P2", ""),
                                                                 ("gewijzigd", "P1", "fase")}

    code, out, _ = run("publish", 2)
    assert code == 0 and "gepubliceerd: versie 2" in out and "was versie 1" in out
    code, out, _ = run("publish", 1)  # roll back
    assert code == 0 and "was versie 2" in out

    code, out, _ = run("export", 2, "--out", tmp_path / "versie2.xlsx")
    assert code == 0
    code, out, _ = run("import", tmp_path / "versie2.xlsx")
    assert code == 0 and "versie 3 " in out
    code, out, _ = run("diff", 2, 3)
    assert code == 0 and "0 toegevoegd, 0 verwijderd, 0 gewijzigd" in out


@pytest.mark.parametrize("args,message", [
    (("show", 42), "fout: versie 42 bestaat niet"),
    (("publish", 42), "fout: versie 42 bestaat niet"),
    (("export", 42, "--out", "x.csv"), "fout: versie 42 bestaat niet"),
    (("export", 1, "--out", "x.txt"), "cli.py store export: fout: --out: x.txt: gebruik .csv of .xlsx"),
    (("import", "bestaat_niet.csv"), "fout: "),
])
def test_errors_are_one_dutch_line_and_exit_2(run, args, message):
    code, out, err = run(*args)
    assert code == 2 and err.startswith(message) and err.count("\n") == 1


def test_kinds_must_match_to_diff_and_nothing_accepted_is_refused(run, tmp_path, real_boundaries):
    from geo.regionsets import DEMO_REGION_SET

    assert run("import", DEMO_FILE)[0] == 0
    assert run("import", DEMO_REGION_SET, "--kind", "regio", "--publish")[0] == 0
    code, _, err = run("diff", 1, 2)
    assert code == 2 and "niet van dezelfde soort" in err
    bad = tmp_path / "alles_fout.csv"
    bad.write_bytes(csv_bytes([row("X", "Nergenshuizen")]))
    code, _, err = run("import", bad)
    assert code == 2 and "geen enkele rij geaccepteerd" in err


def test_unreachable_database_one_line_no_traceback(store_url, tmp_path, monkeypatch, capsys):
    if store_url.startswith("sqlite"):
        blocker = tmp_path / "bestand"
        blocker.write_text("geen map")
        url = f"sqlite:///{blocker}/db.sqlite"
    else:
        url = "postgresql+psycopg://niemand:geheim@127.0.0.1:9/store"  # discard port: nothing listens
    monkeypatch.setenv(ENV_VAR, url)
    p = run_cli(capsys, "store", "list")
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.startswith("fout: database niet bereikbaar (") and p.stderr.count("\n") == 1
    assert "geheim" not in p.stderr and "Traceback" not in p.stderr


def test_help_on_every_store_command(capsys):
    for action in ("import", "list", "show", "publish", "diff", "export"):
        p = run_cli(capsys, "store", action, "--help")
        assert p.returncode == 0 and "usage: cli.py store" in p.stdout


def test_control_characters_in_file_names_and_notes_are_neither_stored_nor_printed(run, store_url, tmp_path,
                                                                                    real_boundaries):
    """A file name with ``ESC[2J`` cleared the terminal of whoever ran ``store list``, and a line break
    in it could fake a line; both are removed when a version is stored and again when it is printed."""
    import sqlalchemy as sa

    import store
    from store.schema import versions

    evil = tmp_path / "inv\x1b[2J\r\n*     9  inventaris 2017 nep.csv"
    evil.write_bytes(csv_bytes([row("C1", "Delft")]))
    code, out, err = run("import", evil, "--note", "ronde\x1b]0;titel\x07\u202e\tmet tab")
    assert code == 0, err
    v = store.list_versions(store.get_engine(store_url))[0]
    assert v.source == "inv[2J *     9  inventaris 2017 nep.csv" and v.note == "ronde]0;titel met tab"
    with store.get_engine(store_url).begin() as conn:  # a version stored before the import removed them
        conn.execute(sa.update(versions).where(versions.c.id == v.id).values(note="oud\x1b[2J\nnep regel\x9b31m"))
    for args in (("list",), ("show", v.id)):
        code, out, _ = run(*args)
        assert code == 0 and not any(ch in out for ch in "\x1b\r\x07\x9b\u202e"), repr(out)
        assert "oud[2J nep regel31m" in out
    code, out, _ = run("list")
    assert len(out.splitlines()) == 3  # header, the one version, the legend: no faked line
