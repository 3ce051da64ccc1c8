"""The union's settings: checked together, each problem named by its setting, nothing saved
when one is refused; the 审批表 prints the union's wording (and a sample before saving)."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from unionapp.reports.fonts import FontLibrary
from unionapp.reports.registry import ReportRequest, print_report
from unionapp.services import union_settings
from unionapp.services.archive import next_archive_numbers
from unionapp.services.settings import DEFAULTS, get_setting
from unionapp.services.union_settings import SettingsInvalid


def test_the_defaults_are_what_the_dialog_starts_with(db) -> None:
    with db.read() as session:
        values = union_settings.current(session)
    assert values["form_title"] == DEFAULTS["form_title"]
    assert values["dibao_line_fen"] == "" and values["archive_prefix"] == ""
    assert union_settings.checked(values)  # the defaults pass their own checks


def test_saved_values_are_cleaned_and_the_dibao_line_kept_in_fen(db) -> None:
    with db.write() as session:
        union_settings.save(
            session,
            {
                "union_name": "  秣陵街道总工会 ",
                "dibao_line_fen": "1,050.5",
                "archive_prefix": "ML",
                "form_levels": "社区工会意见\n\n街道工会意见\n",
            },
        )
    with db.read() as session:
        assert get_setting(session, "union_name") == "秣陵街道总工会"
        assert get_setting(session, "dibao_line_fen") == "105050"
        assert get_setting(session, "form_levels") == "社区工会意见\n街道工会意见"
        assert union_settings.current(session)["dibao_line_fen"] == "1050.50"
        assert next_archive_numbers(session, 2026) == ["ML-2026-0001"]


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("union_name", "   ", "不能为空"),
        ("union_name", "工" * 41, "最多 40 个字"),
        ("union_name", "江宁\x00工会", "工会名称"),
        ("archive_prefix", "DA-2", "不含“-”"),
        ("archive_prefix", "D A", "只能用字母"),
        ("dibao_line_fen", "-5", "不能为负数"),
        ("dibao_line_fen", "一千", "不是有效的金额"),
        ("form_levels", "一\n二\n三\n四\n五", "1 到 4 级"),
        ("form_levels", "区总工会帮扶中心主任审批意见栏", "太长"),
        ("form_title", "困难职工审批表😀", "方框"),
        ("idle_lock_minutes", "999", "0 到 240"),
    ],
)
def test_each_refusal_names_its_setting_and_nothing_is_saved(db, key, value, reason) -> None:
    with db.read() as session:
        before = union_settings.current(session)
    with pytest.raises(SettingsInvalid) as refused, db.write() as session:
        union_settings.save(session, {"form_note": "注：本表一式三份。", key: value})
    assert list(refused.value.problems) == [key]
    assert reason in refused.value.problems[key]
    with db.read() as session:
        assert union_settings.current(session) == before


def test_the_form_prints_the_unions_wording(db, tmp_path: Path) -> None:
    wording = {
        "form_title": "困难职工生活救助审批表",
        "form_levels": "社区工会意见\n街道工会审批意见",
        "form_commitment": "以上情况属实。",
        "form_note": "注：本表一式三份。",
        "archive_prefix": "JN",
    }
    with db.read() as session:  # before saving: the sample family, nothing written
        preview = print_report(
            session,
            ReportRequest("hardship-form", sample=True, settings=wording),
            tmp_path / "preview.pdf",
            FontLibrary(),
        )
    with db.write() as session:
        union_settings.save(session, wording)
    with pymupdf.open(preview) as document:
        text = document[0].get_text()
    assert "困难职工生活救助审批表" in text and "JN-" in text and "示例" in text
    assert "社区工会意见" in text and "上级工会" not in text
    assert "以上情况属实。" in text and "一式三份" in text and "一式两份" not in text
    with db.read() as session:
        from unionapp.models import HardshipFamily

        assert session.query(HardshipFamily).count() == 0  # the sample was never saved


def test_first_start_is_a_new_offices_empty_database(db, tmp_path: Path) -> None:
    from unionapp.database import open_database
    from unionapp.services.demo import generate

    with db.read() as session:
        assert union_settings.first_start_needed(session)
    with db.write() as session:
        union_settings.save(session, {"union_name": "秣陵街道工会"})
    with db.read() as session:
        assert not union_settings.first_start_needed(session)  # asked and answered
    demo = open_database(str(tmp_path / "demo.sqlite3"))
    with demo.write() as session:
        generate(session, enterprises=5, families=2, trainings=1, seed=1)
    with demo.read() as session:
        assert not union_settings.first_start_needed(session)  # filled by demo: straight in
    demo.close()
