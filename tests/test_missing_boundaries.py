"""Without boundary files: one clear Dutch error (directory, variable, fetch command), in the CLI and the app."""
from __future__ import annotations

import pytest

from geo.boundaries import MissingBoundaries, require_boundaries
from geo.config import ENV_VAR, REPO_ROOT
from inventory.validate import validate_file
from tests.cli_run import run_cli


@pytest.fixture()
def cli_without_boundaries(monkeypatch, capsys):
    """``cli.main`` with ``$SAMENWERKINGSKAART_BOUNDARIES`` pointing at an empty directory."""
    def call(empty, *args):
        monkeypatch.setenv(ENV_VAR, str(empty))
        return run_cli(capsys, *args)
    return call


def _says_what_to_do(msg: str, empty) -> None:
    assert "Geen grenzenbestanden gevonden" in msg
    assert str(empty / "wgs84") in msg and ENV_VAR in msg and "python cli.py boundaries fetch --year" in msg


def test_validate_stops_once_with_exit_2(tmp_path, cli_without_boundaries):
    res = cli_without_boundaries(tmp_path, "validate", "data/projects/voorbeeld_inventaris.csv")
    assert res.returncode == 2 and res.stdout == ""
    _says_what_to_do(res.stderr, tmp_path)
    assert res.stderr.count("Geen grenzenbestanden") == 1 and "Traceback" not in res.stderr


@pytest.mark.parametrize("args", [["gaps", "--zorgverzekeraar", "cz", "--thema", "jeugd", "--out", "x.csv"],
                                  ["export", "html", "--out", "x.html"], ["regions", "validate", "x.csv"]])
def test_other_commands_give_the_same_error(tmp_path, args, cli_without_boundaries):
    res = cli_without_boundaries(tmp_path, *args)
    assert res.returncode == 2
    _says_what_to_do(res.stderr, tmp_path)


def test_library_raises_it_once_instead_of_rejecting_rows(tmp_path):
    data = (REPO_ROOT / "data" / "projects" / "voorbeeld_inventaris.csv").read_bytes()
    with pytest.raises(MissingBoundaries) as err:
        validate_file(data, 2017, filename="x.csv", directory=tmp_path)
    _says_what_to_do(str(err.value), tmp_path)
    with pytest.raises(MissingBoundaries):
        require_boundaries(tmp_path)


def test_validate_with_boundaries_still_rejects_a_row_of_a_year_without_files(real_boundaries, tmp_path, capsys):
    f = tmp_path / "inv.csv"
    f.write_text("id;naam;thema;fase;instrument;niveau;gemeenten;zorgverzekeraar;jaar\n"
                 "A;x;jeugd;opstart;inkoop;gemeente;Utrecht;CZ;1990\n", encoding="utf-8")
    res = run_cli(capsys, "validate", f)
    assert res.returncode == 1 and "Geen grenzenbestand voor gemeente 1990" in res.stdout


def test_app_shows_the_error_and_stops(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert len(at.error) == 1
    _says_what_to_do(at.error[0].value, tmp_path)
