"""Validate 100,000 inventory rows (the demo rows repeated with new ids): prints seconds (target < 5 s)."""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inventory.demo import DEMO_FILE  # noqa: E402
from tabular.read import read_table  # noqa: E402
from inventory.validate import validate_file  # noqa: E402


def main(n: int = 100_000) -> None:
    table = read_table(DEMO_FILE)
    lines = DEMO_FILE.read_bytes().decode("utf-8-sig").splitlines()
    header, body = lines[0], lines[1:]
    rows = [body[i % len(body)].replace("DEMO-", f"B{i:06d}-", 1) for i in range(n)]
    data = ("\r\n".join([header, *rows]) + "\r\n").encode("utf-8")
    validate_file(DEMO_FILE, 2017)  # warm the boundary cache, as a running app has it
    t = time.perf_counter()
    res = validate_file(data, 2017, filename="bench.csv")
    dt = time.perf_counter() - t
    print(f"validate {res.rows_read:,} rows ({len(data)/1e6:.1f} MB): {dt:.2f} s (target < 5 s); "
          f"accepted {res.rows_accepted:,}, rejected {res.rows_rejected:,}; demo columns {len(table.headers)}")


if __name__ == "__main__":
    main()
