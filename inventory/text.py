"""Text cleaning lives on the ground floor in :mod:`tabular.text`; these names stay importable from here
for the callers above."""
from tabular.text import CORRECTION_COLUMNS, INVISIBLE, clean_table, invisible_found, one_line, strip_invisible

__all__ = ["CORRECTION_COLUMNS", "INVISIBLE", "clean_table", "invisible_found", "one_line", "strip_invisible"]
