"""困难职工: hardship families as the union's archive keeps them (一户一档), their household
members and the assistance they got. Money in fen (integers), never float."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
    literal_column,
    select,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from unionapp.models.archive import Attachment, FamilyReview
from unionapp.models.base import Base, Timestamped, Versioned
from unionapp.models.enterprise import Enterprise


class HardshipFamily(Versioned, Timestamped, Base):
    __tablename__ = "family"

    id: Mapped[int] = mapped_column(primary_key=True)
    # 档案 — the archive's own number, kept for life (JN-2026-0042), and the paper form's older one
    archive_no: Mapped[str] = mapped_column(String(30), unique=True)  # 档案编号
    old_archive_no: Mapped[str] = mapped_column(String(30), default="")  # 原档案编号
    filed_on: Mapped[date | None] = mapped_column(Date)  # 建档日期
    filed_by: Mapped[str] = mapped_column(String(40), default="")  # 建档人
    checked_by: Mapped[str] = mapped_column(String(40), default="")  # 审核人
    entered_by: Mapped[str] = mapped_column(String(40), default="")  # 录入人
    # 职工 — the worker
    worker_name: Mapped[str] = mapped_column(String(40), index=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    gender: Mapped[str] = mapped_column(String(2), default="")  # derived from id_number
    birth_date: Mapped[date | None] = mapped_column(Date)  # derived from id_number
    ethnicity: Mapped[str] = mapped_column(String(20), default="汉族")
    political_status: Mapped[str] = mapped_column(String(10), default="")  # 政治面貌
    marital_status: Mapped[str] = mapped_column(String(10), default="")  # 婚姻状况
    hukou_type: Mapped[str] = mapped_column(String(4), default="")  # 户口类型 城镇/农村
    hukou_place: Mapped[str] = mapped_column(String(100), default="")  # 户口所在地
    health: Mapped[str] = mapped_column(String(40), default="")
    disability_kind: Mapped[str] = mapped_column(String(10), default="")  # 残疾类别
    disability_grade: Mapped[str] = mapped_column(String(4), default="")  # 残疾等级
    work_status: Mapped[str] = mapped_column(String(10), default="在岗")  # 工作状态
    employer: Mapped[str] = mapped_column(String(200), default="", index=True)  # 工作单位
    employer_nature: Mapped[str] = mapped_column(String(40), default="")  # 单位性质
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprise.id", ondelete="SET NULL"), index=True
    )  # the survey enterprise the employer is, when it is one
    union_member: Mapped[bool] = mapped_column(Boolean, default=True)
    member_card_no: Mapped[str] = mapped_column(String(30), default="")  # 会员证号
    model_worker: Mapped[str] = mapped_column(String(10), default="")  # 劳模
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    # 住房与保障
    housing_type: Mapped[str] = mapped_column(String(10), default="")  # 住房类型
    housing_area: Mapped[float] = mapped_column(Float, default=0.0)  # 住房面积 m²
    medical_insurance: Mapped[str] = mapped_column(String(10), default="")  # 医保
    single_parent: Mapped[bool] = mapped_column(Boolean, default=False)  # 单亲
    zero_employment: Mapped[bool] = mapped_column(Boolean, default=False)  # 零就业家庭
    # 家庭收支 — per-head income follows the rule the category uses
    household_size: Mapped[int] = mapped_column(Integer, default=1)
    annual_income_fen: Mapped[int] = mapped_column(Integer, default=0)  # 家庭年总收入
    medical_expense_fen: Mapped[int] = mapped_column(Integer, default=0)  # 刚性支出：医疗
    schooling_expense_fen: Mapped[int] = mapped_column(Integer, default=0)  # 刚性支出：教育
    # 困难情况
    category: Mapped[str] = mapped_column(String(10), default="相对困难")
    category_since: Mapped[date | None] = mapped_column(Date)  # 类别认定日期
    main_reason: Mapped[str] = mapped_column(String(10), default="")  # 主要致困原因
    reasons: Mapped[str] = mapped_column(String(200), default="")  # 次要致困原因, joined by 、
    reason_detail: Mapped[str] = mapped_column(Text, default="")
    bank_name: Mapped[str] = mapped_column(String(60), default="")  # 开户行
    bank_account: Mapped[str] = mapped_column(String(30), default="")  # 卡号 (实名制发放)
    # 档案状态: 在档 / 已脱困 / 已退档, the yearly review and the exit
    status: Mapped[str] = mapped_column(String(10), default="在档")
    reviewed_on: Mapped[date | None] = mapped_column(Date)  # the newest yearly review
    exit_date: Mapped[date | None] = mapped_column(Date)
    exit_reason: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    enterprise: Mapped[Enterprise | None] = relationship()
    members: Mapped[list[HouseholdMember]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="HouseholdMember.id"
    )
    assistance: Mapped[list[Assistance]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="Assistance.given_on"
    )
    reviews: Mapped[list[FamilyReview]] = relationship(
        cascade="all, delete-orphan", order_by="FamilyReview.review_date"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        cascade="all, delete-orphan", order_by="Attachment.id"
    )

    @property
    def rigid_expense_fen(self) -> int:
        return (self.medical_expense_fen or 0) + (self.schooling_expense_fen or 0)


# 月人均收入 = (年总收入 − 刚性支出) ÷ 12 ÷ 家庭人口, as an SQL expression the list can sort by.
# Whole-number division as both SQLite and PostgreSQL do it for integers (``op("/")``: SQLAlchemy's
# own ``/`` and ``//`` would cast to NUMERIC or call FLOOR, which SQLite's build lacks).
# Constants written into the SQL, not bound: SQLite matches an index's expression only to the
# same expression with the same literals, never to one with parameters.
TWELVE, ZERO = literal_column("12"), literal_column("0")
INCOME_PER_HEAD = (
    (
        HardshipFamily.annual_income_fen
        - HardshipFamily.medical_expense_fen
        - HardshipFamily.schooling_expense_fen
    )
    .self_group()
    .op("/")((TWELVE * func.nullif(HardshipFamily.household_size, ZERO)).self_group())
)
HardshipFamily.income_per_head_fen = column_property(
    INCOME_PER_HEAD.label("income_per_head_fen"), deferred=True
)
# The list sorts 100,000 families by it: an index on the same expression gives the order at once.
Index("ix_family_income_per_head", INCOME_PER_HEAD)
HardshipFamily.attachment_count = column_property(
    select(func.count(Attachment.id))
    .where(Attachment.family_id == HardshipFamily.id)
    .correlate_except(Attachment)
    .scalar_subquery(),
    deferred=True,
)


class HouseholdMember(Versioned, Base):
    __tablename__ = "household_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    relation: Mapped[str] = mapped_column(String(10), default="")
    id_number: Mapped[str] = mapped_column(String(18), default="", index=True)  # optional
    birth_date: Mapped[date | None] = mapped_column(Date)
    work_or_school: Mapped[str] = mapped_column(String(100), default="")
    monthly_income_fen: Mapped[int] = mapped_column(Integer, default=0)
    health: Mapped[str] = mapped_column(String(40), default="")
    medical_insurance: Mapped[str] = mapped_column(String(10), default="")  # 医保

    family: Mapped[HardshipFamily] = relationship(back_populates="members")


class Assistance(Versioned, Base):
    """Help given: 送温暖, 金秋助学, 医疗救助, 临时救助 … Amounts in fen, never float."""

    __tablename__ = "assistance"

    # "helped this year" looks up (family, date range): one index answers it without the rows
    __table_args__ = (Index("ix_assistance_family_id_given_on", "family_id", "given_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"))
    given_on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(10), index=True)
    application_type: Mapped[str] = mapped_column(String(4), default="日常")  # 申请类别 日常/临时
    amount_fen: Mapped[int] = mapped_column(Integer, default=0)
    fund_source: Mapped[str] = mapped_column(String(60), default="")
    in_kind: Mapped[str] = mapped_column(String(100), default="")  # 实物
    round_name: Mapped[str] = mapped_column(String(40), default="")  # e.g. 2023年春节
    student_name: Mapped[str] = mapped_column(String(40), default="")  # 金秋助学
    school: Mapped[str] = mapped_column(String(100), default="")
    enrol_year: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(String(200), default="")

    family: Mapped[HardshipFamily] = relationship(back_populates="assistance")
