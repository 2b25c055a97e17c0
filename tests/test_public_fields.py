"""One rule for contact data: a planted contact (a name and an e-mail address) reaches no public output
(map, embed, HTML export, downloads, dia, rapport, the CLI's exports), while the editors' exports
(``store export``, ``validate --out``) keep it. The rule: ``[openbaar] velden`` in the taxonomy file,
applied by ``inventory.public``."""
from __future__ import annotations

import html
import io
import re
import zipfile
import zlib

import pytest

from inventory.public import is_public, public_fields, public_projects
from inventory.schema import COLUMNS
from tests.inventory_fixtures import HEADER, csv_bytes, row

pytestmark = pytest.mark.usefixtures("real_boundaries")

CONTACT = "Jan Geheimpersoon, geheim.persoon@example.nl"
NEEDLES = ("Geheimpersoon", "geheim.persoon", "persoon@example")
PLACES = ["Amsterdam", "Amstelveen", "Aalsmeer", "Utrecht", "Delft", "Groningen"]


def _inventory() -> bytes:
    rows = [row(f"P{i}", g, naam=f"Project {g}", thema=t) + [CONTACT]
            for i, (g, t) in enumerate([(g, t) for g in PLACES for t in ("ouderen", "ggz")])]
    return csv_bytes(rows, header=[*HEADER, "contact"])


def _texts(data: bytes | str) -> list[str]:
    """Every readable text of an output: the file itself, the parts of an XLSX, the text of a PDF
    (matplotlib writes strings in its content streams: joined per TJ array)."""
    if isinstance(data, str):
        return [data, html.unescape(data)]
    out = [data.decode("utf-8", errors="replace")]
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            out += [z.read(n).decode("utf-8", errors="replace") for n in z.namelist()]
    if data.startswith(b"%PDF"):
        for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
            try:
                stream = zlib.decompress(m.group(1))
            except zlib.error:
                continue
            for arr in re.findall(rb"\[(.*?)\]\s*TJ", stream, re.S):
                out.append(b"".join(re.findall(rb"\(((?:[^()\\]|\\.)*)\)", arr)).decode("latin-1"))
    return out + [html.unescape(t) for t in out]


def _leaks(name: str, data: bytes | str) -> list[str]:
    return [f"{name}: {n}" for t in _texts(data) for n in NEEDLES if n in t]


def test_the_list_lives_in_the_taxonomy_and_contact_is_not_on_it():
    assert public_fields() <= set(COLUMNS) and "contact" not in public_fields()
    assert {"naam", "thema", "gemeenten", "zorgverzekeraar", "url"} <= public_fields()
    assert not is_public("contact") and is_public("gemeente_namen") and is_public("rij")  # rij is no inventory field
    import pandas as pd

    frame = pd.DataFrame({"id": ["1"], "naam": ["x"], "contact": [CONTACT], "gemeente_namen": ["Delft"]})
    assert list(public_projects(frame).columns) == ["id", "naam", "gemeente_namen"]


def test_pdf_text_extraction_finds_a_planted_value():
    """The checker below can see text in a PDF at all (else the rapport checks would pass vacuously)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    fig.text(0.1, 0.5, CONTACT)
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf")
    plt.close(fig)
    assert _leaks("probe", buf.getvalue())


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    d = tmp_path_factory.mktemp("contact")
    (d / "inv.csv").write_bytes(_inventory())
    return d


def _cli(*argv) -> None:
    import cli

    assert cli.main([str(a) for a in argv]) == 0


def test_no_cli_export_shows_the_contact_but_the_editors_exports_do(planted, capsys):
    """The CLI's public exports (the HTML with markers, the dia and the rapport come through the app's
    buttons below: the same functions) and the editors' export, which keeps every field (so does
    ``validate --out``: ``export.tables.inventory_table``)."""
    d = planted
    leaks = []
    for name, out, extra in (("export table", d / "t.xlsx", ()), ("export html", d / "k.html", ("--no-basemap",))):
        _cli("export", name.split()[1], "--out", out, "--inventory", d / "inv.csv", *extra)
        leaks += _leaks(name, out.read_bytes())
    printed = capsys.readouterr()
    assert leaks == [] and _leaks("printed", printed.out + printed.err) == []
    url = f"sqlite:///{d / 'store.sqlite'}"
    _cli("store", "--database", url, "import", d / "inv.csv")
    _cli("store", "--database", url, "export", "1", "--out", d / "versie1.csv")
    assert _leaks("store export", (d / "versie1.csv").read_bytes())


@pytest.fixture()
def payloads(monkeypatch):
    """Download payloads as the app hands them out: stored files by id, deferred callables by id."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    saved: dict[str, object] = {}
    load, defer = MemoryMediaFileStorage.load_and_get_id, MediaFileManager.add_deferred

    def record(self, path_or_data, mimetype, kind, filename=None):
        file_id = load(self, path_or_data, mimetype, kind, filename)
        saved[file_id] = self._files_by_id[file_id].content
        return file_id

    def record_deferred(self, data_callable, *args, **kwargs):
        file_id = defer(self, data_callable, *args, **kwargs)
        saved[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    return saved


def _page_leaks(at, saved) -> tuple[list[str], list[str]]:
    """(what leaks, the labels of the downloads looked at) on the page as AppTest sees it: every
    element (map component arguments, tables, text) and every download button's payload."""
    leaks, labels = [], []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            leaks.extend(_leaks(f"element {type(node).__name__}", str(proto)))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    for button in at.get("download_button"):
        fid = button.proto.deferred_file_id or button.proto.url.rsplit("/", 1)[-1].split(".")[0]
        data = saved[fid]() if callable(saved[fid]) else saved[fid]
        labels.append(button.proto.label)
        leaks += _leaks(f"download {button.proto.label}", data.encode() if isinstance(data, str) else data)
    return leaks, labels


def test_the_app_shows_no_contact_on_the_map_page_its_downloads_or_the_region_focus(payloads):
    from layers.escape import md
    from tests.apptest import app_test

    at = app_test(120).run()
    at.file_uploader(key="upload").set_value(("eigen.csv", _inventory(), "text/csv")).run()
    at.checkbox(key="use_upload").check()
    at.toggle(key="markers").set_value(True)  # popups and tooltips of the projects, in the map and the HTML export
    at.selectbox(key="area_select").set_value("GM0363").run()  # Amsterdam: its profile and project list
    assert md("eigen.csv") in at.main.caption[-1].value
    assert not at.exception, at.exception
    leaks, labels = _page_leaks(at, payloads)
    assert {"Projecten (CSV)", "Projecten (Excel)", "Toelichting bij de CSV (TXT)", "Kaart (HTML, zelfstandig)",
            "Projecten van dit gebied (CSV)"} <= set(labels)
    zk = next(o for o in at.selectbox(key="focus_select").options if "Amsterdam" in str(o))
    at.selectbox(key="focus_select").set_value(zk).run()
    assert not at.exception, at.exception
    more, labels = _page_leaks(at, payloads)
    assert {"Regio-dia (PDF)", "Regiorapport (PDF)", "Matrix (Excel)", "Projecten (CSV)"} <= set(labels)
    assert leaks + more == []
