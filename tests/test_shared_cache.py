"""The process-wide caches: bounded by size, one computation per key, immune to a client's clear_cache."""
from __future__ import annotations

import re
import threading
import time

import numpy as np
import pandas as pd
import pytest

from ui.shared_cache import SharedCache, estimate_bytes


def test_size_bound_evicts_least_recently_used():
    cache = SharedCache("t", max_bytes=3_500_000, max_entries=100)
    frame = lambda: pd.DataFrame({"x": np.zeros(125_000)})  # 1 MB  # noqa: E731
    for k in "abc":
        cache.get(k, frame)
    cache.get("a", lambda: pytest.fail("a is cached"))  # touch a: b is now the oldest
    cache.get("d", frame)
    assert "b" not in cache and {"a", "c", "d"} <= set(cache._entries)
    assert cache.bytes <= cache.max_bytes
    assert cache.get("huge", lambda: pd.DataFrame({"x": np.zeros(1_000_000)})).shape == (1_000_000, 1)
    assert "huge" not in cache  # larger than the whole budget: returned, not kept


def test_entry_bound():
    cache = SharedCache("t", max_bytes=10**9, max_entries=2)
    for k in range(5):
        cache.get(k, lambda k=k: k)
    assert list(cache._entries) == [3, 4]


def test_one_computation_for_concurrent_requests():
    cache, calls = SharedCache("t", 10**9), []

    def slow():
        calls.append(1)
        time.sleep(0.3)
        return "value"
    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("k", slow))) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["value"] * 10 and len(calls) == 1 and cache.misses == 1


def test_exceptions_are_cached_and_raised_again():
    cache, calls = SharedCache("t", 10**9), []

    def bad():
        calls.append(1)
        raise ValueError("kapot bestand")
    for _ in range(3):
        with pytest.raises(ValueError, match="kapot bestand"):
            cache.get("k", bad)
    assert len(calls) == 1


def test_estimate_counts_geometries_and_nested_structures():
    import geopandas as gpd
    from shapely.geometry import Polygon

    square = Polygon([(0, 0), (0, 1), (1, 1), (1, 0)])
    gdf = gpd.GeoDataFrame({"code": ["a"] * 1000}, geometry=[square] * 1000)
    assert estimate_bytes(gdf) >= 1000 * 5 * 16
    assert estimate_bytes({"a": gdf, "b": [gdf]}) >= 2 * estimate_bytes(gdf)


def _stable(text: str) -> str:
    """folium's random element names replaced by stable ones (as streamlit-folium's own tests do)."""
    names: dict[str, str] = {}
    return re.sub(r"[0-9a-f]{32}", lambda m: names.setdefault(m.group(0), f"id{len(names)}"), text)


def test_render_args_match_what_st_folium_sends(monkeypatch):
    import folium
    import streamlit_folium as stf

    from ui.map_render import render_args

    def build():
        m = folium.Map(location=[52.1, 5.3], zoom_start=7, tiles=None)
        folium.GeoJson({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"code": "GM0363"},
                        "geometry": {"type": "Point", "coordinates": [4.9, 52.37]}}]}).add_to(m)
        return m
    sent = {}
    monkeypatch.setattr(stf, "_component_func", lambda **kw: sent.update(kw))
    stf.st_folium(build(), key="k", use_container_width=True, returned_objects=["last_active_drawing"])
    ours = render_args(build(), ["last_active_drawing"])
    for name in ("script", "header", "html", "id"):
        assert _stable(ours[name]) == _stable(sent[name]), name
    for name in ("default", "returned_objects", "css_links", "js_links"):
        assert ours[name] == sent[name], name


@pytest.mark.usefixtures("real_boundaries")
def test_client_clear_cache_does_not_empty_the_shared_caches():
    """Streamlit 1.67 answers a client's clear_cache message with cache_data.clear() and cache_resource.clear()."""
    import streamlit as st
    from tests.apptest import app_test

    from ui.shared_cache import MAPS, PREPARED

    app_test(120).run()
    held, misses = len(PREPARED), (PREPARED.misses, MAPS.misses)
    assert held >= 1
    st.cache_data.clear()
    st.cache_resource.clear()
    at = app_test(120).run()
    assert not at.exception
    assert len(PREPARED) == held and (PREPARED.misses, MAPS.misses) == misses  # served from the shared caches


def test_run_slots_let_runs_take_turns():
    from ui.shared_cache import RunSlots

    slots, inside, most = RunSlots(2), [0], [0]
    lock = threading.Lock()

    def run():
        with slots:
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.05)
            with lock:
                inside[0] -= 1
    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 2 and inside[0] == 0


def test_large_idle_entries_expire_small_ones_stay():
    cache = SharedCache("t", max_bytes=10**9, idle_s=60, big_bytes=1_000_000)
    cache.get("upload", lambda: pd.DataFrame({"x": np.zeros(200_000)}))  # 1.6 MB: large
    cache.get("demo", lambda: pd.DataFrame({"x": np.zeros(1_000)}))
    start = time.monotonic()
    assert cache.expire_idle(start + 30) == 0  # not idle long enough
    assert cache.expire_idle(start + 120) >= 1_600_000
    assert "upload" not in cache and "demo" in cache and cache.bytes < 100_000
