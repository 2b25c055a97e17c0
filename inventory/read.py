"""The inventory's table reader is the ground floor's :mod:`tabular.read` (region sets, ratings and
zorgkantoor tables use it too); these names stay importable from here for the callers above."""
from tabular.read import (DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, MAX_CELLS, MAX_COLUMNS, MAX_EMPTY_RUN, MAX_EMPTY_TOTAL,
                          RawTable, ReadError, read_limited, read_table, to_frame)

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_ROWS", "MAX_CELLS", "MAX_COLUMNS", "MAX_EMPTY_RUN", "MAX_EMPTY_TOTAL",
           "RawTable", "ReadError", "read_limited", "read_table", "to_frame"]
