"""One sheet of a spreadsheet as the import reads it: its rows as they arrive, its merged
ranges, the cells its check noted, and the household members the reader cleaned ahead."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from unionapp.spreadsheets.xlsxscan import CellNote

if TYPE_CHECKING:
    from unionapp.spreadsheets.precleaning import Precleaned

Row = tuple[int, list[Any]]  # (row index from 0, cells from column A)


@dataclass
class Sheet:
    name: str
    rows: Iterator[Row]
    # merged ranges as (top, left, bottom, right), from 0 and inclusive
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    notes: dict[tuple[int, int], tuple[CellNote, str]] = field(default_factory=dict)
    unplaced_notes: int = 0  # formula or error cells whose position is unknown
    precleaned: Precleaned | None = None  # its household members cleaned by the reader
