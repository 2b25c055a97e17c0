"""Process-wide caches shared by every session, bounded by estimated size, out of the client's reach.

Streamlit's ``st.cache_data`` copies (unpickles) its value on every hit and is emptied for all
users when any client sends the ``clear_cache`` message (Streamlit 1.67 clears ``cache_data`` and
``cache_resource`` alike: ``AppSession._handle_clear_cache_request``). The expensive, shared steps
(validation, the prepared join, per-view summaries, rendered maps) live here instead:

- one value per key, handed to every session without a copy (values are treated as read-only);
- least recently used entries are dropped when the estimated bytes or the entry count pass the
  cache's bounds, and freed memory is handed back to the OS (``malloc_trim``);
- concurrent sessions asking for the same missing key wait for one computation instead of doing
  it side by side (20 visitors arriving together compute the map once).

Nothing here imports Streamlit, so it is usable and testable on its own.
"""
from __future__ import annotations

import ctypes
import dataclasses
import gc
import os
import sys
import threading
import time
from collections import OrderedDict
from typing import Any, Callable, Hashable

import numpy as np
import pandas as pd

_MB = 1024 * 1024


def estimate_bytes(obj: Any, _depth: int = 0) -> int:
    """A cheap estimate of the memory an object holds (frames, geometries, containers, dataclasses)."""
    if _depth > 6:
        return 64
    if isinstance(obj, (str, bytes, bytearray)):
        return len(obj) + 49
    if isinstance(obj, pd.DataFrame):
        total = 0
        for name in obj.columns:
            col = obj[name]
            if getattr(col, "dtype", None) is not None and str(col.dtype) == "geometry":
                import shapely

                total += int(shapely.get_num_coordinates(np.asarray(col.values)).sum()) * 16 + 120 * len(col)
            else:
                total += int(col.memory_usage(deep=True, index=False))
        return total + int(obj.index.memory_usage(deep=True))
    if isinstance(obj, (pd.Series, pd.Index)):
        return int(obj.memory_usage(deep=True))
    if isinstance(obj, np.ndarray):
        return int(obj.nbytes)
    if isinstance(obj, dict):
        return 64 + sum(estimate_bytes(k, _depth + 1) + estimate_bytes(v, _depth + 1) for k, v in obj.items())
    if isinstance(obj, (list, tuple, set, frozenset)):
        return 56 + sum(estimate_bytes(v, _depth + 1) for v in obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return 64 + sum(estimate_bytes(getattr(obj, f.name), _depth + 1) for f in dataclasses.fields(obj))
    if isinstance(obj, BaseException):
        return 512
    return sys.getsizeof(obj)


def _trim() -> None:
    """Give freed memory back to the OS; without it RSS stays at its peak.

    Two allocators keep freed memory: glibc's malloc (``malloc_trim``) and Arrow's pool, which
    holds pandas' string columns (mimalloc; measured: 200 MB kept after a 240,000-row inventory
    left the caches, returned by ``release_unused``)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    try:
        import pyarrow

        pyarrow.default_memory_pool().release_unused()
    except (ImportError, AttributeError):
        pass


@dataclasses.dataclass
class _Entry:
    value: Any
    size: int
    error: bool = False
    used: float = dataclasses.field(default_factory=time.monotonic)


class SharedCache:
    """A thread-safe LRU cache bounded by ``max_bytes`` (estimated) and ``max_entries``.

    ``get(key, compute)`` returns the cached value or computes it once; an exception raised by
    ``compute`` is cached too (a hostile file is not re-read on every rerun) and raised again.
    A single value larger than ``max_bytes`` is returned but not kept. Large entries (``big_bytes``
    or more, i.e. uploaded inventories, not the demo) that nobody used for ``idle_s`` seconds are
    dropped, so memory comes back after the visitors who uploaded them have left.
    """

    def __init__(self, name: str, max_bytes: int, max_entries: int = 64, idle_s: float | None = None,
                 big_bytes: int = 16 * _MB):
        self.name, self.max_bytes, self.max_entries = name, max_bytes, max_entries
        self.idle_s = idle_s if idle_s is not None else float(os.environ.get("SAMENWERKINGSKAART_CACHE_IDLE_S", 600))
        self.big_bytes = big_bytes
        self._checked = time.monotonic()
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}
        self.bytes = 0
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries

    def _lookup(self, key: Hashable) -> _Entry | None:
        self.expire_idle()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                entry.used = time.monotonic()
                self.hits += 1
            return entry

    def expire_idle(self, now: float | None = None) -> int:
        """Drop large entries unused for ``idle_s`` seconds (checked at most every few seconds); returns bytes freed."""
        now = time.monotonic() if now is None else now
        if now - self._checked < min(5.0, self.idle_s):
            return 0
        freed = 0
        with self._lock:
            self._checked = now
            for key in [k for k, e in self._entries.items() if e.size >= self.big_bytes and now - e.used > self.idle_s]:
                freed += self._entries.pop(key).size
            self.bytes -= freed
        if freed:
            _trim()
        return freed

    def get(self, key: Hashable, compute: Callable[[], Any], on_miss: Callable[[], Any] | None = None) -> Any:
        """The value for ``key``; ``compute()`` runs at most once at a time per key.

        ``on_miss`` (e.g. a spinner context factory) wraps the computation when there is one."""
        entry = self._lookup(key)
        if entry is None:
            with self._lock:
                key_lock = self._computing.setdefault(key, threading.Lock())
            with key_lock:  # a second session asking for the same key waits here
                entry = self._lookup(key)
                if entry is None:
                    with self._lock:
                        self.misses += 1
                    entry = self._compute(compute, on_miss)
                    self._store(key, entry)
                    if entry.size >= self.big_bytes:
                        _trim()  # the computation's temporaries (e.g. a 240k-row table read) are garbage now
            with self._lock:
                self._computing.pop(key, None)
        if entry.error:
            raise entry.value
        return entry.value

    @staticmethod
    def _compute(compute: Callable[[], Any], on_miss) -> _Entry:
        try:
            if on_miss is None:
                value = compute()
            else:
                with on_miss():
                    value = compute()
        except Exception as exc:  # cached and raised again: the caller decides what to show
            exc.__traceback__ = None
            return _Entry(exc, 512, error=True)
        return _Entry(value, estimate_bytes(value))

    def _store(self, key: Hashable, entry: _Entry) -> None:
        evicted = 0
        with self._lock:
            if entry.size > self.max_bytes:
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self.bytes -= old.size
            self._entries[key] = entry
            self.bytes += entry.size
            while self._entries and (self.bytes > self.max_bytes or len(self._entries) > self.max_entries):
                _, gone = self._entries.popitem(last=False)
                self.bytes -= gone.size
                evicted += gone.size
        if evicted > 8 * _MB:
            _trim()

    def clear(self) -> None:
        """Empty the cache (tests, operators); no client message reaches this."""
        with self._lock:
            self._entries.clear()
            self.bytes = 0
        _trim()


class RunSlots:
    """At most ``n`` script runs execute at once; the others wait their turn.

    Python runs one thread at a time (the GIL): 20 runs side by side all finish at the end, and the
    event loop that talks to every browser gets a twentieth of the time. Taking turns costs no
    throughput, lets the first visitors see their map first (the median halves), and keeps the
    server answering. ``n`` > 1 so that one slow run (a large upload) does not stall everyone.
    """

    def __init__(self, n: int):
        self.n = n
        self._sem = threading.BoundedSemaphore(n)

    def __enter__(self):
        self._sem.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self._sem.release()


def _mb(var: str, default: int) -> int:
    return int(os.environ.get(var, default)) * _MB


# Budgets (MB, estimated): together at most 450 MB above the ~370 MB of a server with the demo loaded.
# A 240,000-row inventory takes about 60 MB validated and 190 MB prepared, so one such upload fits.
#: Validated inventories, region sets and ratings, keyed by the file's digest.
FILES = SharedCache("bestanden", _mb("SAMENWERKINGSKAART_CACHE_FILES_MB", 100), max_entries=16)
#: Prepared joins (boundaries, membership, project x gemeente), keyed by inventory, year and region set.
PREPARED = SharedCache("voorbereid", _mb("SAMENWERKINGSKAART_CACHE_PREPARED_MB", 250), max_entries=8)
#: Per-view results: filtered ids, option counts, area summaries, change tables.
RESULTS = SharedCache("weergaven", _mb("SAMENWERKINGSKAART_CACHE_VIEWS_MB", 60), max_entries=256)
#: Rendered maps (the component arguments st_folium would compute), per view and inventory version.
MAPS = SharedCache("kaarten", _mb("SAMENWERKINGSKAART_CACHE_MAPS_MB", 40), max_entries=128)
ALL = (FILES, PREPARED, RESULTS, MAPS)


def _janitor(period_s: float = 30.0) -> None:
    """Expire idle large entries even when no visitor comes (a daemon thread, one per process)."""
    while True:
        time.sleep(period_s)
        for cache in ALL:
            cache.expire_idle()


threading.Thread(target=_janitor, name="swk-cache-janitor", daemon=True).start()
#: Script runs allowed at the same time (``SAMENWERKINGSKAART_CONCURRENT_RUNS``).
RUN_SLOTS = RunSlots(max(1, int(os.environ.get("SAMENWERKINGSKAART_CONCURRENT_RUNS", 2))))
