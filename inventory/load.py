"""The inventory a command or page works on: a user's file, or the demo when none is given."""
from __future__ import annotations

from pathlib import Path

from inventory.demo import DEMO_FILE
from inventory.validate import ValidationResult, validate_file


def load_inventory(path: Path | None = None, year: int = 2017, sheet: str | None = None) -> tuple[ValidationResult, bool]:
    """Validated inventory and whether it is the demo. Raises ReadError when the file is unusable."""
    if path is None:
        return validate_file(DEMO_FILE, 2017), True
    return validate_file(path, year, sheet=sheet), False
