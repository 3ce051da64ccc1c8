"""The packaging scripts live in packaging/windows/ (not a package: `packaging` is a PyPI name)."""

from __future__ import annotations

import sys
from pathlib import Path

WINDOWS = Path(__file__).resolve().parents[2] / "packaging" / "windows"
if str(WINDOWS) not in sys.path:
    sys.path.insert(0, str(WINDOWS))
