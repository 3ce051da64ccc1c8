"""Import: messy cells as Excel gives them, all-or-nothing, duplicates, broken files."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select

from tests.unionapp.spreadsheets.conftest import FIXTURES, run_import, snapshot, workbook
from unionapp.models import Enterprise, HardshipFamily, HouseholdMember, TrainingSession
from unionapp.validation.creditcode import credit_code_check_char
from unionapp.validation.idcard import id_check_char

HEAD = ["企业名称", "统一社会信用代码", "建会情况", "职工人数", "建会日期"]


def code(n: int) -> str:
    body = f"91320115MA1X{n:05d}"
    return body + credit_code_check_char(body)


def person_id(n: int, year: int = 1980) -> str:
    body = f"320115{year}0101{n:03d}"
    return body + id_check_char(body)


def count(db, model) -> int:
    with db.read() as session:
        return session.scalar(select(func.count(model.id)))


def test_cells_as_excel_gives_them_are_taken_when_unambiguous(db, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "messy.xlsx",
        {
            "企业": [
                ["企业名称 ", "职工人数", "建会情况", "建会日期", "规模以上", "统一社会信用代码"],
                ["甲公司  ", "120", "已建会", datetime(2023, 3, 1), "是", code(1).lower()],
                ["乙公司", 45.0, "已建会", 44986, "否", code(2)],
                ["丙公司", "１２", "已建会", "2023/3/1", "√", None],
                ["丁公司", " 7 ", "已建会", "2023年3月1日", "", ""],
                ["戊公司", 3, "已建会", "２０２３－０３－０１", None, None],
                [None, None, None, None, None, None],
            ]
        },
    )
    report = run_import(db, "enterprises", path)
    assert report.ok, [str(p) for p in report.problems]
    with db.read() as session:
        rows = {e.name: e for e in session.scalars(select(Enterprise))}
    assert set(rows) == {"甲公司", "乙公司", "丙公司", "丁公司", "戊公司"}
    assert {e.union_founded for e in rows.values()} == {date(2023, 3, 1)}
    assert (rows["甲公司"].staff_count, rows["丙公司"].staff_count, rows["丁公司"].staff_count) == (
        120,
        12,
        7,
    )
    assert rows["甲公司"].credit_code == code(1) and rows["丙公司"].credit_code is None
    assert (
        rows["甲公司"].above_scale and rows["丙公司"].above_scale and not rows["乙公司"].above_scale
    )


def test_id_numbers_mangled_by_excel_are_reported_with_a_hint(db, tmp_path: Path) -> None:
    good = person_id(1)
    rows = [
        ["姓名", "身份证号", "困难类别"],
        ["张三", float(good[:17] + "0") if good[17] == "X" else float(good), "相对困难"],
        ["李四", 3.20115e17, "相对困难"],
        ["王五", int(person_id(7)[:17]), "深度困难"],
        ["赵六", person_id(9)[:17], "深度困难"],
    ]
    path = workbook(tmp_path / "ids.xlsx", {"困难职工": rows})
    before = snapshot(db)
    report = run_import(db, "families", path)
    assert not report.ok and snapshot(db) == before
    by_row = {p.row: p for p in report.problems}
    assert "15位有效数字" in by_row[2].reason  # 18 digits as a float cannot survive
    assert by_row[3].column == "身份证号" and "15位有效数字" in by_row[3].reason
    assert "只有17位" in by_row[4].reason and "只有17位" in by_row[5].reason
    assert str(by_row[3]).startswith("“困难职工”第3行“身份证号”列（值：3.20115e+17）")


def test_one_bad_row_among_1000_leaves_the_database_exactly_as_before(db, tmp_path: Path) -> None:
    rows = [HEAD] + [
        [f"企业{n:04d}", code(n), "已建会", n % 300, "2020-01-01"] for n in range(1000)
    ]
    rows[637][3] = "-5"  # row 638 in Excel
    path = workbook(tmp_path / "thousand.xlsx", {"企业": rows})
    run_import(db, "enterprises", workbook(tmp_path / "one.xlsx", {"企业": [HEAD, rows[1]]}))
    before = snapshot(db)
    report = run_import(db, "enterprises", path)
    assert snapshot(db) == before
    problems = [(p.row, p.column, p.value) for p in report.problems]
    assert (638, "职工人数", "-5") in problems
    assert (2, "统一社会信用代码", code(0)) in problems  # already on file, no update chosen
    assert report.summary().startswith("发现 2 个问题")
    rows[637][3] = "5"
    workbook(path, {"企业": rows})
    assert run_import(db, "enterprises", path, update=True).ok
    assert count(db, Enterprise) == 1000


def test_missing_required_column_stops_before_any_row(db, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "nocol.xlsx", {"企业": [["企业名称", "职工人数"], ["甲", 1], ["乙", "x"]]}
    )
    report = run_import(db, "enterprises", path)
    assert [(p.row, p.column, p.reason) for p in report.problems] == [
        (0, "建会情况", "缺少必需的列，导入未开始")
    ]


def test_extra_columns_are_ignored_and_reported_english_headers_any_order(db, tmp_path) -> None:
    path = workbook(
        tmp_path / "extra.xlsx",
        {"Sheet": [["Union status", "备用列", "Name", "Staff"], ["已建会", "x", "Alpha Ltd", 5]]},
    )
    report = run_import(db, "enterprises", path)
    assert report.ok and report.extra_columns == ["Sheet/备用列"]
    assert "以下列不会导入：Sheet/备用列" in report.summary()


def test_duplicates_inside_the_file_name_both_rows(db, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "dup.xlsx",
        {
            "企业": [
                HEAD,
                ["甲", code(1), "未建会", 1, None],
                ["乙", code(2), "未建会", 1, None],
                ["丙", code(1), "未建会", 1, None],
            ]
        },
    )
    report = run_import(db, "enterprises", path)
    assert [(p.row, p.reason) for p in report.problems] == [(4, "与第2行重复")]
    assert count(db, Enterprise) == 0


def test_reimport_with_update_changes_records_without_duplicates(db, tmp_path: Path) -> None:
    first = workbook(tmp_path / "a.xlsx", {"企业": [HEAD, ["甲", code(1), "未建会", 10, None]]})
    run_import(db, "enterprises", first)
    second = workbook(
        tmp_path / "b.xlsx", {"企业": [HEAD[:4], ["甲（改名）", code(1), "筹建中", 12]]}
    )
    assert run_import(db, "enterprises", second, update=True).ok
    with db.read() as session:
        only = session.scalars(select(Enterprise)).one()
    assert (only.name, only.union_status, only.staff_count) == ("甲（改名）", "筹建中", 12)


def test_families_with_members_on_a_second_sheet(db, tmp_path: Path) -> None:
    run_import(
        db,
        "enterprises",
        workbook(tmp_path / "e.xlsx", {"企业": [HEAD, ["甲公司", None, "已建会", 9, None]]}),
    )
    path = workbook(
        tmp_path / "f.xlsx",
        {
            "困难职工": [
                [
                    "姓名",
                    "身份证号",
                    "困难类别",
                    "工作单位",
                    "家庭人口",
                    "家庭月总收入(元)",
                    "致困原因",
                ],
                ["刘𠇔", person_id(1), "深度困难", "甲公司", 3, "3,600", "因病，因学"],
            ],
            "家庭成员": [
                ["职工身份证号", "姓名", "关系"],
                [person_id(1), "刘小", "子女"],
                [person_id(1), "王某", "配偶"],
                [person_id(2), "无主", "子女"],
            ],
        },
    )
    report = run_import(db, "families", path)
    assert [(p.sheet, p.row) for p in report.problems] == [("家庭成员", 4)]
    assert "第一张表中没有" in report.problems[0].reason
    workbook_fixed = workbook(
        tmp_path / "g.xlsx",
        {
            "困难职工": [
                [
                    "姓名",
                    "身份证号",
                    "困难类别",
                    "工作单位",
                    "家庭人口",
                    "家庭月总收入(元)",
                    "致困原因",
                ],
                ["刘𠇔", person_id(1), "深度困难", "甲公司", 3, "3,600", "因病，因学"],
            ],
            "家庭成员": [
                ["职工身份证号", "姓名", "关系"],
                [person_id(1), "刘小", "子女"],
                [person_id(1), "王某", "配偶"],
            ],
        },
    )
    assert run_import(db, "families", workbook_fixed).ok
    with db.read() as session:
        family = session.scalars(select(HardshipFamily)).one()
        assert [m.name for m in family.members] == ["刘小", "王某"]
        # an older roster's monthly income is taken as twelve times it a year; the employer is
        # a survey enterprise, so the family is linked to it
        assert (family.main_reason, family.reasons, family.annual_income_fen) == (
            "",
            "因病、因学",
            360000 * 12,
        )
        assert family.employer == "甲公司" and family.enterprise_id is not None
    # Re-importing with update replaces the members instead of doubling them.
    assert run_import(db, "families", workbook_fixed, update=True).ok
    assert count(db, HouseholdMember) == 2


def test_an_employer_outside_the_register_is_taken_as_written(db, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "f.xlsx",
        {
            "困难职工": [
                ["姓名", "身份证号", "困难类别", "工作单位", "工作状态"],
                ["张三", person_id(3), "相对困难", "安徽滁州某电子厂（街道外）", "农民工"],
                ["李四", person_id(4), "相对困难", "", "失业"],
            ]
        },
    )
    report = run_import(db, "families", path)
    assert report.ok, [str(p) for p in report.problems]
    with db.read() as session:
        rows = {f.worker_name: f for f in session.scalars(select(HardshipFamily))}
    assert (rows["张三"].employer, rows["张三"].enterprise_id) == (
        "安徽滁州某电子厂（街道外）",
        None,
    )
    assert (rows["李四"].employer, rows["李四"].work_status) == ("", "失业")
    assert {f.archive_no for f in rows.values()} == {
        f"DA-{date.today().year}-0001",
        f"DA-{date.today().year}-0002",
    }


def test_training_attendees_create_their_session(db, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "t.xlsx",
        {
            "签到": [
                ["培训名称", "培训日期", "培训类型", "姓名", "工作单位", "已签到"],
                ["安全培训", "2024-05-10", "安全培训", "张三", "甲公司", "是"],
                ["安全培训", "2024-05-10", "安全培训", "李四", "乙公司", "否"],
                ["安全培训", "2024-05-10", "安全培训", "张三", "甲公司", "是"],
            ]
        },
    )
    report = run_import(db, "trainings", path)
    assert [(p.row, p.reason) for p in report.problems] == [(4, "与第2行重复")]
    path = workbook(
        tmp_path / "t2.xlsx",
        {
            "签到": [
                ["培训名称", "培训日期", "培训类型", "姓名", "工作单位", "已签到"],
                ["安全培训", "2024-05-10", "安全培训", "张三", "甲公司", "是"],
                ["安全培训", "2024-05-10", "安全培训", "李四", "乙公司", "否"],
            ]
        },
    )
    assert run_import(db, "trainings", path).ok
    with db.read() as session:
        training = session.scalars(select(TrainingSession)).one()
        assert (training.title, training.kind, len(training.attendees)) == (
            "安全培训",
            "安全培训",
            2,
        )
        training_id = training.id
    into = workbook(tmp_path / "t3.xlsx", {"x": [["姓名", "工作单位"], ["王五", "丙公司"]]})
    assert run_import(db, "trainings", into, session_id=training_id).ok
    assert not run_import(db, "trainings", into, session_id=999).ok


def test_csv_in_utf8_bom_and_gbk(db, tmp_path: Path) -> None:
    text = "企业名称,建会情况,职工人数\n南京甲公司,已建会,5\n南京乙公司（集团）,未建会,7\n"
    (tmp_path / "bom.csv").write_bytes(text.encode("utf-8-sig"))
    (tmp_path / "gbk.csv").write_bytes(text.replace("南京", "江宁").encode("gbk"))
    assert run_import(db, "enterprises", tmp_path / "bom.csv").ok
    assert run_import(db, "enterprises", tmp_path / "gbk.csv").ok
    with db.read() as session:
        names = set(session.scalars(select(Enterprise.name)))
    assert {"南京乙公司（集团）", "江宁乙公司（集团）"} <= names


def test_a_file_made_by_libreoffice_imports(db) -> None:
    report = run_import(db, "enterprises", FIXTURES / "libreoffice_enterprises.xlsx")
    assert report.ok, [str(p) for p in report.problems]
    with db.read() as session:
        first = session.scalars(
            select(Enterprise).where(Enterprise.name == "南京江宁示范科技有限公司")
        ).one()
    assert (first.staff_count, first.above_scale, first.union_founded) == (
        230,
        True,
        date(2021, 5, 18),
    )
    assert first.wage_expiry == date(2026, 1, 9)


def _broken_files(tmp_path: Path) -> dict[str, Path]:
    files = {}
    (tmp_path / "random.xlsx").write_bytes(b"\x00\x01 not a spreadsheet at all" * 20)
    files["不是有效的表格文件"] = tmp_path / "random.xlsx"
    (tmp_path / "locked.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    files["已加密"] = tmp_path / "locked.xlsx"
    (tmp_path / "empty.xlsx").write_bytes(b"")
    files["空文件"] = tmp_path / "empty.xlsx"
    good = workbook(tmp_path / "good.xlsx", {"企业": [HEAD, ["甲", None, "已建会", 1, None]]})
    (tmp_path / "cut.xlsx").write_bytes(good.read_bytes()[:700])
    files["已损坏"] = tmp_path / "cut.xlsx"
    bad_zip = tmp_path / "badzip.xlsx"
    with zipfile.ZipFile(bad_zip, "w") as archive:
        archive.writestr("hello.txt", "这不是 Excel")
    files["已损坏"] = bad_zip
    (tmp_path / "letter.docx").write_bytes(b"PK\x03\x04whatever")
    files["不是支持的表格文件"] = tmp_path / "letter.docx"
    files["不存在"] = tmp_path / "missing.xlsx"
    files["是文件夹"] = tmp_path
    (tmp_path / "blank.csv").write_text("\n\n", encoding="utf-8")
    files["表格是空的"] = tmp_path / "blank.csv"
    return files


def test_broken_files_give_a_clear_message_and_change_nothing(db, tmp_path: Path) -> None:
    before = snapshot(db)
    for reason, path in _broken_files(tmp_path).items():
        report = run_import(db, "enterprises", path)
        assert len(report.problems) == 1, (reason, [str(p) for p in report.problems])
        assert reason in report.problems[0].reason, (reason, report.problems[0].reason)
    assert snapshot(db) == before


def test_import_command_line(db, tmp_path: Path, capsys) -> None:
    from unionapp.cli.main import main

    good = workbook(tmp_path / "good.xlsx", {"企业": [HEAD, ["甲", code(3), "已建会", 1, None]]})
    bad = shutil.copyfile(good, tmp_path / "bad.xlsx")
    workbook(bad, {"企业": [HEAD, ["甲", code(3), "乱填", 1, None]]})
    args = ["--db", db.location.target, "import", "enterprises"]
    assert main([*args, str(good), "--dry-run"]) == 0
    assert "将新增 1 条" in capsys.readouterr().out and count(db, Enterprise) == 0
    assert main([*args, str(bad)]) == 1
    err = capsys.readouterr().err
    assert "第2行“建会情况”列（值：乱填）" in err and "未导入任何数据" in err
    assert main([*args, str(good)]) == 0 and count(db, Enterprise) == 1


def test_archive_fields_members_and_warnings_in_a_family_import(db, tmp_path: Path) -> None:
    """一户一档 on import: numbers given are kept, the rest are handed out; member ID numbers
    are checked; an ID in two households is a warning naming the other (never a refusal)."""
    year = date.today().year
    head = ["档案编号", "姓名", "身份证号", "困难类别", "工作单位", "银行卡号"]
    path = workbook(
        tmp_path / "archive.xlsx",
        {
            "困难职工": [
                head,
                ["JN-2019-0007", "甲", person_id(1), "相对困难", "外地公司", "6217001234567890123"],
                [None, "乙", person_id(2), "深度困难", None, "6217001234567890123"],
            ],
            "家庭成员": [
                ["职工身份证号", "姓名", "身份证号", "关系"],
                [person_id(1), "甲的孩子", person_id(50, 2010), "子女"],
                [person_id(2), "同一个孩子", person_id(50, 2010), "子女"],
            ],
        },
    )
    report = run_import(db, "families", path)
    assert report.ok, [str(p) for p in report.problems]
    warned = {(w.sheet, w.row, w.column) for w in report.warnings}
    assert ("困难职工", 3, "银行卡号") in warned  # the same card as row 2
    assert ("家庭成员", 3, "身份证号") in warned  # the same child in two households
    shared = next(w for w in report.warnings if w.sheet == "家庭成员")
    assert "第一张表第2行" in shared.reason and person_id(50, 2010) not in str(shared)
    assert "另有 2 条提醒" in report.summary()
    with db.read() as session:
        rows = {f.worker_name: f for f in session.scalars(select(HardshipFamily))}
        assert [m.birth_date for m in rows["甲"].members] == [date(2010, 1, 1)]
    assert rows["甲"].archive_no == "JN-2019-0007"  # kept as given
    assert rows["乙"].archive_no == f"DA-{year}-0001"  # handed out
    # A sheet may not give a family on file another archive number.
    again = workbook(
        tmp_path / "again.xlsx",
        {
            "困难职工": [
                ["档案编号", "姓名", "身份证号", "困难类别"],
                ["JN-2019-0099", "甲", person_id(1), "相对困难"],
            ]
        },
    )
    before = snapshot(db)
    report = run_import(db, "families", again, update=True)
    assert [(p.row, p.column) for p in report.problems] == [(2, "档案编号")]
    assert "不能更改" in report.problems[0].reason and snapshot(db) == before
    # A member's ID number is checked like the worker's.
    bad = person_id(60, 2012)[:17] + ("0" if person_id(60, 2012)[17] != "0" else "1")
    wrong = workbook(
        tmp_path / "wrong.xlsx",
        {
            "困难职工": [["姓名", "身份证号", "困难类别"], ["丙", person_id(3), "相对困难"]],
            "家庭成员": [["职工身份证号", "姓名", "身份证号"], [person_id(3), "错号的孩子", bad]],
        },
    )
    report = run_import(db, "families", wrong)
    assert [(p.sheet, p.row, p.column) for p in report.problems] == [("家庭成员", 2, "身份证号")]


def test_an_import_keeps_no_id_number_in_memory_when_it_ends(db, tmp_path: Path) -> None:
    """Checks of the sheet's ID numbers are remembered while it is checked (each number is read
    more than once), then forgotten: the numbers do not stay in the program's memory."""
    from unionapp.validation.idcard import _parse

    path = workbook(
        tmp_path / "困难 职工.xlsx",
        {"困难职工": [["姓名", "身份证号", "困难类别"], ["刘芳", person_id(7), "相对困难"]]},
    )
    _parse.cache_clear()
    report = run_import(db, "families", path)
    assert report.ok and count(db, HardshipFamily) == 1
    assert _parse.cache_info().currsize == 0
