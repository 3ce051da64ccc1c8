"""Imports never change data silently: each case is refused with row, column, value and
reason (and nothing is written), or read as the clerk sees it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from sqlalchemy import select

from tests.unionapp.spreadsheets.conftest import run_import, snapshot, workbook
from tests.unionapp.spreadsheets.crafted import cell, shared_strings, sheet_xml, xlsx
from unionapp.models import Enterprise, HardshipFamily
from unionapp.validation.creditcode import credit_code_check_char
from unionapp.validation.idcard import id_check_char

FAMILY_HEAD = ["姓名", "身份证号", "困难类别"]


def code(n: int) -> str:
    body = f"91320115MA1X{n:05d}"
    return body + credit_code_check_char(body)


def person_id(n: int, region: str = "320115") -> str:
    body = f"{region}19800101{n:03d}"
    return body + id_check_char(body)


def refused(db, kind: str, path: Path, **options) -> list[tuple[int, str, str, str]]:
    """Import, expecting problems and an unchanged database; the problems as tuples."""
    before = snapshot(db)
    report = run_import(db, kind, path, **options)
    assert not report.ok and snapshot(db) == before
    return [(p.row, p.column, p.value, p.reason) for p in report.problems]


def families(db) -> dict[str, HardshipFamily]:
    with db.read() as session:
        return {f.worker_name: f for f in session.scalars(select(HardshipFamily))}


# Merged headers --------------------------------------------------------------------------------
def _two_level(
    path: Path, merge: bool, sub: tuple[str, str] = ("家庭人口", "家庭月总收入")
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "困难类别", "家庭情况", None])
    sheet.append([None, None, None, *sub])
    sheet.append(["张三", person_id(1), "相对困难", 3, 2400])
    sheet.append(["李四", person_id(2), "深度困难", 5, "1,800.5"])
    if merge:
        for column in "ABC":
            sheet.merge_cells(f"{column}1:{column}2")
        sheet.merge_cells("D1:E1")
    book.save(path)
    return path


@pytest.mark.parametrize("merge", [True, False], ids=["merged", "csv-like"])
def test_a_two_level_header_is_read_as_the_clerk_sees_it(db, tmp_path: Path, merge) -> None:
    report = run_import(db, "families", _two_level(tmp_path / "two.xlsx", merge))
    assert report.ok, [str(p) for p in report.problems]
    rows = families(db)
    # (the monthly household income of an older roster is kept as twelve times it a year)
    assert (rows["张三"].household_size, rows["张三"].annual_income_fen) == (3, 240000 * 12)
    assert (rows["李四"].household_size, rows["李四"].annual_income_fen) == (5, 180050 * 12)
    assert report.extra_columns == []


def test_a_two_level_header_in_a_csv(db, tmp_path: Path) -> None:
    text = (
        f"姓名,身份证号,困难类别,家庭情况,\n,,,家庭人口,家庭月总收入\n"
        f"张三,{person_id(1)},相对困难,3,2400\n"
    )
    (tmp_path / "two.csv").write_text(text, encoding="utf-8")
    assert run_import(db, "families", tmp_path / "two.csv").ok
    assert families(db)["张三"].household_size == 3


def test_a_group_whose_columns_match_nothing_is_named_not_dropped(db, tmp_path: Path) -> None:
    path = _two_level(tmp_path / "odd.xlsx", True, sub=("人口", "收入"))
    report = run_import(db, "families", path)
    assert report.extra_columns == ["Sheet/家庭情况/人口", "Sheet/家庭情况/收入"]
    assert "以下列不会导入：Sheet/家庭情况/人口、Sheet/家庭情况/收入" in report.summary()


def test_data_in_a_column_without_a_title_is_named(db, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "untitled.xlsx",
        {"企业": [["企业名称", "建会情况", None], ["甲公司", "已建会", "有数据"]]},
    )
    report = run_import(db, "enterprises", path)
    assert report.ok and report.extra_columns == ["企业/第C列（无列名）"]


def test_a_value_merged_down_rows_belongs_to_each_row(db, tmp_path: Path) -> None:
    run_import(
        db,
        "families",
        workbook(
            tmp_path / "f.xlsx", {"困难职工": [FAMILY_HEAD, ["张三", person_id(1), "相对困难"]]}
        ),
    )
    book = openpyxl.Workbook()
    first = book.active
    first.title = "困难职工"
    for row in ([*FAMILY_HEAD, "家庭人口"], ["张三", person_id(1), "相对困难", 3]):
        first.append(row)
    members = book.create_sheet("家庭成员")
    for row in (
        ["职工身份证号", "姓名", "关系"],
        [person_id(1), "张小", "子女"],
        [None, "王某", "配偶"],
    ):
        members.append(row)
    members.merge_cells("A2:A3")
    book.save(tmp_path / "m.xlsx")
    assert run_import(db, "families", tmp_path / "m.xlsx", update=True).ok
    with db.read() as session:
        family = session.scalars(select(HardshipFamily)).one()
        assert sorted(m.name for m in family.members) == ["张小", "王某"]


# Formulas and error values ---------------------------------------------------------------------
def test_a_formula_without_a_saved_result_is_refused_naming_the_cell(db, tmp_path: Path) -> None:
    book = openpyxl.Workbook()  # openpyxl saves formulas without results
    book.active.append([*FAMILY_HEAD, "家庭月总收入(元)", "备注列"])
    book.active.append(["张三", person_id(1), "相对困难", "=1000+200", "=1+1"])
    book.save(tmp_path / "formula.xlsx")
    problems = refused(db, "families", tmp_path / "formula.xlsx")
    assert [(row, column) for row, column, _v, _r in problems] == [(2, "家庭月总收入(元)")]
    assert "单元格 D2 是公式" in problems[0][3] and "打开、保存后再导入" in problems[0][3]


def test_placeholder_results_and_error_values_are_refused(db, tmp_path: Path) -> None:
    path = tmp_path / "xlsxwriter.xlsx"
    book = xlsxwriter.Workbook(str(path))  # results are 0 and the file asks to recalculate
    sheet = book.add_worksheet("企业")
    sheet.write_row(0, 0, ["企业名称", "建会情况", "职工人数", "会员人数"])
    sheet.write_row(1, 0, ["甲公司", "已建会"])
    sheet.write_formula(1, 2, "=100+20")
    sheet.write_formula(1, 3, "=1/0", None, "#DIV/0!")
    book.close()
    problems = refused(db, "enterprises", path)
    assert [(row, column) for row, column, _v, _r in problems] == [(2, "职工人数"), (2, "会员人数")]
    assert "C2 是公式，文件要求打开时重新计算" in problems[0][3]
    assert "D2 是错误值 #DIV/0!" in problems[1][3]


def test_a_formula_with_its_saved_result_is_taken(db, tmp_path: Path) -> None:
    body = (
        '<row r="1">'
        + cell("A1", "企业名称")
        + cell("B1", "建会情况")
        + cell("C1", "职工人数")
        + '</row><row r="2">'
        + cell("A2", "甲公司")
        + cell("B2", "已建会")
        + cell("C2", 120, formula="100+20")
        + "</row>"
    )
    assert run_import(db, "enterprises", xlsx(tmp_path / "lo.xlsx", sheet_xml(body))).ok
    with db.read() as session:
        assert session.scalar(select(Enterprise.staff_count)) == 120


# Money, dates, ID numbers ----------------------------------------------------------------------
def test_money_with_a_third_decimal_is_refused_and_floats_keep_two(db, tmp_path: Path) -> None:
    rows = [
        [*FAMILY_HEAD, "家庭月总收入(元)"],
        ["张三", person_id(1), "相对困难", 1200.555],
        ["李四", person_id(2), "相对困难", "1200.555"],
        ["王五", person_id(3), "相对困难", 1200.55],
    ]
    path = workbook(tmp_path / "money.xlsx", {"困难职工": rows})
    problems = refused(db, "families", path)
    assert [(r, c, v) for r, c, v, _reason in problems] == [
        (2, "家庭月总收入(元)", "1200.555"),
        (3, "家庭月总收入(元)", "1200.555"),
    ]
    assert all("最多保留两位小数" in reason for *_x, reason in problems)
    del rows[1:3]
    assert run_import(db, "families", workbook(path, {"困难职工": rows})).ok
    assert families(db)["王五"].annual_income_fen == 120055 * 12


def test_an_id_number_with_region_000000_and_a_date_in_9999_are_refused(db, tmp_path) -> None:
    path = workbook(
        tmp_path / "ids.xlsx",
        {"困难职工": [FAMILY_HEAD, ["张三", person_id(1, region="000000"), "相对困难"]]},
    )
    ((_row, column, value, reason),) = refused(db, "families", path)
    number = person_id(1, region="000000")
    assert (column, value) == ("身份证号", number[:6] + "*" * 8 + number[-4:])  # quoted masked
    assert "前两位“00”不是有效的省级行政区代码" in reason
    path = workbook(
        tmp_path / "date.xlsx",
        {
            "企业": [
                ["企业名称", "建会情况", "建会日期"],
                ["甲公司", "已建会", date(9999, 12, 31)],
                ["乙公司", "已建会", "1899-12-31"],
            ]
        },
    )
    problems = refused(db, "enterprises", path)
    assert [(r, c) for r, c, _v, _reason in problems] == [(2, "建会日期"), (3, "建会日期")]
    assert "9999-12-31”晚于" in problems[0][3] and "早于1900年" in problems[1][3]


# Control and invisible characters --------------------------------------------------------------
def test_control_and_bidi_characters_in_names_are_refused(db, tmp_path: Path) -> None:
    # Excel writes a control character as _x001B_; an XML character reference works too.
    names = [
        "甲_x001B_[31m公司",
        "乙&#7;公司",
        "丙公司\u202e司公丁",
        "戊\u2066公司",
        "己\ufeff公司",
    ]
    strings = shared_strings(["企业名称", "建会情况", "已建会"])
    strings = strings.replace("</sst>", "".join(f"<si><t>{n}</t></si>" for n in names) + "</sst>")
    body = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' + "".join(
        f'<row r="{i}"><c r="A{i}" t="s"><v>{i + 1}</v></c><c r="B{i}" t="s"><v>2</v></c></row>'
        for i in range(2, 2 + len(names))
    )
    path = xlsx(tmp_path / "controls.xlsx", sheet_xml(body), strings=strings)
    problems = refused(db, "enterprises", path)
    assert [(r, c) for r, c, _v, _reason in problems] == [(r, "企业名称") for r in range(2, 7)]
    reasons = [reason for *_x, reason in problems]
    assert "控制字符（U+001B）" in reasons[0] and "控制字符（U+0007）" in reasons[1]
    assert "文字方向控制符（U+202E）" in reasons[2] and "文字方向控制符（U+2066）" in reasons[3]
    assert "不可见字符（U+FEFF）" in reasons[4]


def test_control_characters_in_a_csv_are_refused(db, tmp_path: Path) -> None:
    text = "企业名称,建会情况,备注\n甲\x1b公司,已建会,\n乙公司,已建会,第一行\n第二行\t缩进\n"
    text = text.replace("第一行\n第二行\t缩进", '"第一行\n第二行\t缩进"')
    (tmp_path / "c.csv").write_text(text, encoding="utf-8")
    problems = refused(db, "enterprises", tmp_path / "c.csv")
    assert [(r, c) for r, c, _v, _reason in problems] == [(2, "企业名称")]  # notes may hold \n\t


# One name, one enterprise ----------------------------------------------------------------------
HEAD = ["企业名称", "统一社会信用代码", "建会情况"]


def enterprises(db) -> list[tuple[str, str | None]]:
    with db.read() as session:
        return list(
            session.execute(select(Enterprise.name, Enterprise.credit_code).order_by(Enterprise.id))
        )


def test_an_existing_name_with_another_code_is_the_same_enterprise(db, tmp_path: Path) -> None:
    run_import(
        db,
        "enterprises",
        workbook(
            tmp_path / "a.xlsx",
            {"企业": [HEAD, ["甲公司", code(1), "已建会"], ["乙公司", None, "已建会"]]},
        ),
    )
    path = workbook(
        tmp_path / "b.xlsx",
        {
            "企业": [
                HEAD,
                ["甲公司", code(2), "已建会"],
                ["乙公司", code(3), "已建会"],
                ["甲公司 ", None, "未建会"],
            ]
        },
    )
    problems = refused(db, "enterprises", path)
    assert [(r, c, v) for r, c, v, _reason in problems] == [
        (2, "企业名称", "甲公司"),
        (3, "企业名称", "乙公司"),
        (4, "企业名称", "甲公司"),
    ]
    assert f"在册的信用代码为 {code(1)}，与本行不同" in problems[0][3]
    assert "在册记录没有信用代码" in problems[1][3] and "与第2行重复" in problems[2][3]
    fixed = workbook(
        tmp_path / "c.xlsx",
        {"企业": [HEAD, ["甲公司", code(2), "已建会"], ["乙公司", code(3), "已建会"]]},
    )
    assert run_import(db, "enterprises", fixed, update=True).ok
    assert enterprises(db) == [("甲公司", code(2)), ("乙公司", code(3))]


def test_a_blank_code_under_an_existing_name_is_not_a_new_enterprise(db, tmp_path: Path) -> None:
    run_import(
        db,
        "enterprises",
        workbook(tmp_path / "a.xlsx", {"企业": [HEAD, ["甲公司", code(1), "已建会"]]}),
    )
    path = workbook(tmp_path / "b.xlsx", {"企业": [HEAD, ["甲公司", None, "未建会"]]})
    ((_r, _c, _v, reason),) = refused(db, "enterprises", path)
    assert f"在册的信用代码为 {code(1)}，本行未填写" in reason


def test_a_code_and_a_name_of_two_different_records_are_refused(db, tmp_path: Path) -> None:
    run_import(
        db,
        "enterprises",
        workbook(
            tmp_path / "a.xlsx",
            {"企业": [HEAD, ["甲公司", code(1), "已建会"], ["乙公司", code(2), "已建会"]]},
        ),
    )
    path = workbook(tmp_path / "b.xlsx", {"企业": [HEAD, ["乙公司", code(1), "已建会"]]})
    for update in (False, True):
        ((row, column, _v, reason),) = refused(db, "enterprises", path, update=update)
        assert (row, column) == (2, "企业名称") and "属于另一条记录" in reason


def test_a_family_is_not_linked_to_one_of_two_enterprises_of_the_same_name(db, tmp_path) -> None:
    """The employer is kept as written; a name two enterprises share links to neither."""
    with db.write() as session:  # two of a name, as older versions let an import create
        session.add_all(
            [
                Enterprise(name="乙公司", union_status="已建会"),
                Enterprise(name="乙公司", union_status="未建会"),
            ]
        )
    path = workbook(
        tmp_path / "f.xlsx",
        {"困难职工": [[*FAMILY_HEAD, "工作单位"], ["张三", person_id(1), "相对困难", "乙公司"]]},
    )
    assert run_import(db, "families", path).ok
    with db.read() as session:
        family = session.scalars(select(HardshipFamily)).one()
        assert (family.employer, family.enterprise_id) == ("乙公司", None)


@pytest.mark.parametrize("merge", [True, False], ids=["merged", "plain"])
def test_a_title_row_above_the_header_is_part_of_the_header(db, tmp_path, merge) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2024年困难职工名单"])
    sheet.append(FAMILY_HEAD)
    sheet.append(["张三", person_id(1), "相对困难"])
    if merge:
        sheet.merge_cells("A1:C1")
    book.save(tmp_path / "titled.xlsx")
    report = run_import(db, "families", tmp_path / "titled.xlsx")
    assert report.ok and [p.row for p in report.additions] == [3]
    assert report.extra_columns == []
