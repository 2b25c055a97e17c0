"""Awkward and hostile files in a real browser: messages, never Streamlit's exception box (stException)."""
from __future__ import annotations

import pytest

from tests.browser.conftest import open_data_panel, screenshot
from tests.inventory_fixtures import HEADER, csv_bytes, row

pytestmark = pytest.mark.browser
EXCEPTION = '[data-testid="stException"]'


def _uploader(page, label: str):
    return page.locator('[data-testid="stFileUploader"]', has_text=label).locator("input[type=file]")


def test_mixed_years_bad_bytes_and_rejected_second_inventory_show_messages(page, app_url, tmp_path):
    mixed = tmp_path / "gemengd.csv"
    mixed.write_bytes(csv_bytes([row(i, gemeenten=g) + [str(y)] for i, g, y in [
        ("A", "Weesp", 2017), ("B", "Amsterdam", 2025), ("C", "Utrecht", 2025)]], header=HEADER + ["jaar"]))
    bad = tmp_path / "kapot.csv"
    bad.write_bytes(b"\xef\xbb\xbfid;naam\r\n1;caf\xe9\r\n")
    rejected = tmp_path / "afgewezen.csv"
    rejected.write_bytes(csv_bytes([row("1", gemeenten="Nergenshuizen")]))

    page.goto(app_url, wait_until="domcontentloaded")
    open_data_panel(page)
    _uploader(page, "Eigen inventaris").set_input_files(str(bad))
    page.get_by_text("geen geldige UTF-8").wait_for(timeout=60_000)
    assert page.locator(EXCEPTION).count() == 0

    _uploader(page, "Eigen inventaris").set_input_files(str(mixed))
    page.get_by_text("Gebruik deze inventaris").click(timeout=60_000)
    page.get_by_text("3 van 3 projecten geselecteerd").wait_for(timeout=60_000)
    page.get_by_text("vertaald naar de gemeenten van 2025").first.wait_for(timeout=30_000)
    assert page.locator(EXCEPTION).count() == 0

    page.get_by_text("Verandering in de tijd").first.click()
    _uploader(page, "Tweede inventaris").set_input_files(str(rejected))
    page.get_by_text("geen enkele rij geaccepteerd").wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    screenshot(page, "robust_change_rejected")
    assert page.locator(EXCEPTION).count() == 0
