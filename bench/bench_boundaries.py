"""Boundary loading, cold and warm (cached): prints seconds per year for all three types."""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.boundaries import _read_cached, load_all  # noqa: E402
from geo.regions import membership  # noqa: E402


def main() -> None:
    for year in (2017, 2025):
        _read_cached.cache_clear()
        t = time.perf_counter()
        load_all(year)
        cold = time.perf_counter() - t
        warm = []
        for _ in range(20):
            t = time.perf_counter()
            load_all(year)
            warm.append(time.perf_counter() - t)
        t = time.perf_counter()
        membership(year)
        memb = time.perf_counter() - t
        print(f"year {year}: load all three types cold {cold*1000:.0f} ms, warm p50 {statistics.median(warm)*1000:.1f} ms "
              f"(target < 1000 ms); membership (warm files) {memb*1000:.0f} ms")


if __name__ == "__main__":
    main()
