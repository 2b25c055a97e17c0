"""Small pure helpers of the UI: Dutch numbers, chip filters' 'nothing chosen = all'."""
from ui.filters import effective
from export.numbers import nl_dec, nl_int


def test_dutch_numbers():
    assert nl_int(12345) == "12.345" and nl_int(7) == "7" and nl_int(1500.0) == "1.500" and nl_int(None) == ""
    assert nl_dec(6.6) == "6,6" and nl_dec(12345.64) == "12.345,6" and nl_dec(float("nan")) == ""
    assert nl_dec(-0.25, 2) == "-0,25"


def test_nothing_chosen_is_all():
    assert effective([], ["a", "b"]) == ["a", "b"]
    assert effective(["b"], ["a", "b"]) == ["b"]


def test_iframe_code_names_the_view_and_escapes():
    from ui.embed import embed_url, iframe_code

    url = embed_url("https://kaart.example.nl/app?x=1#top", {"thema": "preventie", "weergave": "fase"})
    assert url == "https://kaart.example.nl/app?thema=preventie&weergave=fase&embed=true"
    code = iframe_code(url, 'Samenwerkingskaart: "fase" <b>{{ 7*7 }}</b>', 700)
    assert 'title="Samenwerkingskaart: &quot;fase&quot; &lt;b&gt;&#123;&#123; 7*7 &#125;&#125;&lt;/b&gt;"' in code
    assert 'aria-label="Samenwerkingskaart: &quot;fase&quot;' in code and 'height="700"' in code
    assert "thema=preventie&amp;weergave=fase&amp;embed=true" in code


def test_embed_header_says_what_it_shows():
    from bs4 import BeautifulSoup

    from ui.embed import embed_header_html, embed_table_html
    import pandas as pd

    soup = BeautifulSoup(embed_header_html("Kaart <x>", "thema: Preventie", True), "html.parser")
    assert soup.h1.get_text() == "Kaart <x>" and "thema: Preventie" in soup.get_text()
    assert "Demonstratiedata" in soup.get_text()
    assert soup.find("a", string="Bekijk de tabel")["href"] == "#swk-tabel"
    assert "Demonstratiedata" not in embed_header_html("Kaart", "", False)
    table = BeautifulSoup(embed_table_html(pd.DataFrame({"naam": ["<script>"], "projecten": [3]}), "T"), "html.parser")
    assert table.section["id"] == "swk-tabel" and table.find("td").get_text() == "<script>" and not table.find("script")
