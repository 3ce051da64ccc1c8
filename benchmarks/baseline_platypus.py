"""The baseline the 审批表 is measured against: the same form drawn the plain ReportLab way, as a
platypus Table of Paragraphs (CJK wrap, one embedded TrueType font), in its own process.

Run: python benchmarks/baseline_platypus.py DB.sqlite3 COUNT OUT.pdf
Prints the seconds spent after start-up (reading the families and drawing them), so the caller
can compare both the work in a running program and the whole process.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

FONT = Path(__file__).resolve().parents[1] / "resources" / "fonts" / "uming-cn.ttf"
FIELDS = (
    ("姓名", "worker_name"),
    ("性别", "gender"),
    ("出生年月", "birth_date"),
    ("民族", "ethnicity"),
    ("身份证号", "id_number"),
    ("政治面貌", "political_status"),
    ("婚姻状况", "marital_status"),
    ("户口类型", "hukou_type"),
    ("户口所在地", "hukou_place"),
    ("工作单位", "employer"),
    ("单位性质", "employer_nature"),
    ("工作状态", "work_status"),
    ("工会会员", "union_member"),
    ("劳模", "model_worker"),
    ("健康状况", "health"),
    ("家庭住址", "address"),
    ("联系电话", "phone"),
    ("住房情况", "housing_type"),
    ("医疗保险", "medical_insurance"),
    ("单亲家庭", "single_parent"),
    ("零就业家庭", "zero_employment"),
    ("家庭人口", "household_size"),
    ("家庭年总收入", "annual_income_fen"),
    ("刚性支出", "medical_expense_fen"),
    ("困难类别", "category"),
    ("致困原因", "main_reason"),
)


def main(database: str, count: int, out: str) -> None:
    pdfmetrics.registerFont(TTFont("Song", str(FONT)))
    started = time.perf_counter()
    body = ParagraphStyle("body", fontName="Song", fontSize=10, leading=13, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=22, alignment=1)
    connection = sqlite3.connect(database)
    connection.row_factory = sqlite3.Row
    families = connection.execute("SELECT * FROM family ORDER BY id LIMIT ?", (count,)).fetchall()
    story: list = []
    width = A4[0] - 30 * mm
    for family in families:
        story.append(Paragraph("困难职工帮扶救助申请审批表", title))
        cells = [
            [Paragraph(label, body), Paragraph(str(family[field] or ""), body)]
            for label, field in FIELDS
        ]
        rows = [cells[i] + cells[i + 1] for i in range(0, len(cells) - 1, 2)]
        rows.append([Paragraph("困难情况", body), Paragraph(family["reason_detail"] or "", body)])
        members = connection.execute(
            "SELECT name, relation, id_number, work_or_school, monthly_income_fen, health "
            "FROM household_member WHERE family_id = ?",
            (family["id"],),
        ).fetchall()
        household = [[Paragraph(str(value or ""), body) for value in member] for member in members]
        style = TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("SPAN", (1, len(rows) - 1), (3, len(rows) - 1)),
            ]
        )
        story.append(Table(rows, colWidths=[width * 0.15, width * 0.35] * 2, style=style))
        if household:
            story.append(
                Table(
                    household,
                    colWidths=[width / 6] * 6,
                    style=[("GRID", (0, 0), (-1, -1), 0.5, colors.black)],
                )
            )
        approvals = [
            [Paragraph(level, body), Paragraph("（盖章）\u3000\u3000年\u3000月\u3000日", body)]
            for level in ("基层工会意见", "街道工会审核意见", "上级工会审批意见")
        ]
        story.append(
            Table(
                approvals,
                colWidths=[width * 0.2, width * 0.8],
                rowHeights=[25 * mm] * 3,
                style=[("GRID", (0, 0), (-1, -1), 0.5, colors.black)],
            )
        )
        story.append(PageBreak())
    SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm).build(story)
    connection.close()
    print(f"{time.perf_counter() - started:.3f}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
