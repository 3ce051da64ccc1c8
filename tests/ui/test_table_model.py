"""The lazy table model, tested without any widget (as Vorta tests its table models)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import insert

from ui.table_model import CACHE_ROWS, ID_ROLE, PAGE, RecordTableModel
from unionapp.database import open_database
from unionapp.models import Enterprise
from unionapp.schema.records import ENTERPRISE

ROWS = 100_000


@pytest.fixture(scope="module")
def big_template(tmp_path_factory, template_db: Path) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.sqlite3"
    shutil.copyfile(template_db, path)
    database = open_database(str(path))
    statuses = ("已建会", "筹建中", "未建会")
    with database.write() as session:
        session.execute(
            insert(Enterprise),
            [
                {
                    "name": f"企业{i:06d}",
                    "union_status": statuses[i % 3],
                    "staff_count": i % 997,
                    "community": f"社区{i % 12}",
                    "above_scale": i % 10 == 0,
                }
                for i in range(ROWS)
            ],
        )
    database.close()
    return path


@pytest.fixture
def big_db(tmp_path, big_template):
    path = tmp_path / "big.sqlite3"
    shutil.copyfile(big_template, path)
    database = open_database(str(path))
    yield database
    database.close()


def test_100k_rows_answer_row_count_and_first_screen_without_loading_all(qapp, big_db) -> None:
    model = RecordTableModel(big_db, ENTERPRISE)
    model.reload()
    assert model.rowCount() == ROWS
    assert model.cached_rows() == 0
    first_screen = [model.index(row, 0).data() for row in range(40)]
    assert first_screen[0] == "企业000000" and first_screen[39] == "企业000039"
    assert model.cached_rows() <= PAGE
    assert model.fetches == 1
    # Jumping to the end reads one more page, not everything in between.
    assert model.index(ROWS - 1, 0).data() == "企业099999"
    assert model.fetches == 2 and model.cached_rows() <= 2 * PAGE


def test_scrolling_through_keeps_the_cache_bounded(qapp, big_db) -> None:
    model = RecordTableModel(big_db, ENTERPRISE)
    model.reload()
    for row in range(0, 10_000, 50):
        model.index(row, 0).data()
    assert model.cached_rows() <= CACHE_ROWS


def test_sorting_happens_in_the_database(qapp, big_db) -> None:
    model = RecordTableModel(big_db, ENTERPRISE)
    model.reload()
    staff_column = [f.key for f in model.columns].index("staff_count")
    model.sort(staff_column, Qt.SortOrder.DescendingOrder)
    assert model.index(0, staff_column).data() == "996"
    assert model.index(ROWS - 1, staff_column).data() == "0"
    assert model.cached_rows() <= 2 * PAGE


def test_filter_and_search_and_ids(qapp, big_db) -> None:
    model = RecordTableModel(big_db, ENTERPRISE)
    counts = []
    model.counts_changed.connect(lambda shown, total: counts.append((shown, total)))
    model.set_filter("above_scale", "是")
    assert model.rowCount() == ROWS // 10
    model.set_search("企业00001")
    # 企业000010 … 企业000019 contain the text; of those only 企业000010 is above size.
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "企业000010"
    assert model.index(0, 0).data(ID_ROLE) == model.id_at(0)
    assert counts[-1] == (1, ROWS)
    model.set_filter("above_scale", "")
    assert model.rowCount() == 10


def test_edited_record_is_refreshed_alone(qapp, big_db) -> None:
    model = RecordTableModel(big_db, ENTERPRISE)
    model.reload()
    assert model.index(5, 0).data() == "企业000005"
    changed = []
    model.dataChanged.connect(lambda top, bottom: changed.append((top.row(), bottom.row())))
    with big_db.write() as session:
        session.get(Enterprise, model.id_at(5)).name = "改名企业"
    model.refresh_record(model.id_at(5))
    assert changed == [(5, 5)]
    assert model.index(5, 0).data() == "改名企业"
