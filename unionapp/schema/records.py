"""The description of every record type. A new field is one line here (plus its column)."""

from __future__ import annotations

from typing import Any

from unionapp.schema.codes import (
    ASSISTANCE_KINDS,
    FAMILY_CATEGORIES,
    FAMILY_STATUSES,
    HARDSHIP_REASONS,
    HEALTH,
    RELATIONS,
)
from unionapp.schema.fields import FieldSpec as F
from unionapp.schema.fields import RecordSpec
from unionapp.schema.hardship import ASSISTANCE, ATTACHMENT, FAMILY, MEMBER, REVIEW
from unionapp.validation.common import ValidationError, check_order

UNION_STATUSES = ("未建会", "筹建中", "已建会")
HONOUR_TITLES = ("工人先锋号", "模范职工之家", "和谐劳动关系企业", "优秀员工", "学习型班组", "其他")
HONOUR_LEVELS = ("街道", "区级", "市级", "省级", "全国")
CONGRESS_STATUSES = ("计划中", "已召开", "已延期", "已取消")
TRAINING_KINDS = ("干部培训", "安全培训", "普法宣传", "技能大赛", "文体活动", "其他")
SERVICE_FIELDS = ("商业", "医疗", "法律", "教育", "文体", "其他")


def _enterprise_checks(values: dict[str, Any]) -> None:
    staff = values.get("staff_count") or 0
    if (values.get("migrant_count") or 0) > staff:
        raise ValidationError("农民工人数：不能多于职工人数", "农民工人数")
    if (values.get("member_count") or 0) > staff and staff:
        raise ValidationError("会员人数：不能多于职工人数", "会员人数")
    if values.get("union_status") != "已建会" and values.get("union_founded"):
        raise ValidationError("建会日期：未建会的企业不应有建会日期", "建会日期")
    check_order(
        values.get("wage_signed"), values.get("wage_expiry"), "协商签订日期", "协议到期日期"
    )
    if values.get("wage_expiry") and not values.get("wage_signed"):
        raise ValidationError("协商签订日期：填写了到期日期，请同时填写签订日期", "协商签订日期")


def _congress_checks(values: dict[str, Any]) -> None:
    if values.get("status") == "已召开" and not values.get("held_date"):
        raise ValidationError("召开日期：状态为已召开时必填", "召开日期")
    held = values.get("held_date")
    if held and values.get("year") and held.year != values["year"]:
        raise ValidationError("召开日期：应在所填年度内", "召开日期")
    if (values.get("delegates_present") or 0) > (values.get("delegates_expected") or 0):
        raise ValidationError("实到代表：不能多于应到代表", "实到代表")
    votes = sum(values.get(k) or 0 for k in ("votes_for", "votes_against", "votes_abstain"))
    if votes > (values.get("delegates_present") or 0) and values.get("delegates_present"):
        raise ValidationError("赞成票：表决票数之和不能多于实到代表", "赞成票")


ENTERPRISE = RecordSpec(
    key="enterprise",
    label="企业",
    english="Enterprise",
    model_name="Enterprise",
    title_field="name",
    unique=("credit_code", "name"),
    search=("name", "credit_code", "address", "contact", "phone", "community"),
    cross_check=_enterprise_checks,
    fields=(
        F("name", "企业名称", "Name", required=True, width=220, example="南京某某科技有限公司"),
        F(
            "credit_code",
            "统一社会信用代码",
            "Credit code",
            "creditcode",
            width=170,
            example="91320115MA1X000014",
            aliases=("信用代码",),
        ),
        F("ownership", "经济类型", "Ownership", "choice", width=90, example="私营"),
        F("industry", "行业", "Industry", width=90, example="制造业"),
        F(
            "community",
            "园区/社区",
            "Park or community",
            width=100,
            example="江宁工业园",
            aliases=("园区", "社区"),
        ),
        F("address", "地址", "Address", column=False, example="江宁街道某某路1号"),
        F("contact", "联系人", "Contact", column=False, max_length=40),
        F("phone", "联系电话", "Phone", "phone", column=False),
        F("staff_count", "职工人数", "Staff", "int", width=70, example="120"),
        F("migrant_count", "农民工人数", "Migrant workers", "int", width=80, example="60"),
        F("above_scale", "规模以上", "Above designated size", "bool", width=70, example="是"),
        F(
            "union_status",
            "建会情况",
            "Union status",
            "choice",
            required=True,
            choices=UNION_STATUSES,
            width=80,
            example="已建会",
        ),
        F("union_founded", "建会日期", "Union founded", "date", width=95, example="2023-03-01"),
        F("union_chair", "工会主席", "Union chair", width=70, max_length=40),
        F("member_count", "会员人数", "Members", "int", width=70),
        F("wage_signed", "协商签订日期", "Wage agreement signed", "date", width=95),
        F("wage_expiry", "协议到期日期", "Wage agreement expires", "date", width=95),
        F("affairs_public", "厂务公开", "Affairs made public", "bool", width=70),
        F("safety_accidents", "安全事故(起)", "Safety accidents", "int", column=False),
        F("notes", "备注", "Notes", "longtext", column=False, max_length=2000),
    ),
)

VISIT = RecordSpec(
    key="visit",
    label="走访记录",
    english="Visit",
    model_name="Visit",
    title_field="visit_date",
    parent_key="enterprise_id",
    fields=(
        F("visit_date", "走访日期", "Date", "date", required=True),
        F("visitor", "走访人", "Visitor", max_length=60),
        F("notice_issued", "下达建会通知", "Notice issued", "bool"),
        F("outcome", "走访结果", "Outcome", "longtext", max_length=1000),
    ),
)

HONOUR = RecordSpec(
    key="honour",
    label="荣誉",
    english="Honour",
    model_name="Honour",
    title_field="title",
    parent_key="enterprise_id",
    fields=(
        F("title", "荣誉称号", "Title", "choice", required=True, choices=HONOUR_TITLES),
        F("level", "级别", "Level", "choice", required=True, choices=HONOUR_LEVELS),
        F("year", "年度", "Year", "year", required=True),
    ),
)

CONGRESS = RecordSpec(
    key="congress",
    label="职代会",
    english="Workers' congress",
    model_name="CongressMeeting",
    title_field="year",
    search=("enterprise_id", "agenda"),
    cross_check=_congress_checks,
    fields=(
        F("enterprise_id", "企业名称", "Enterprise", "enterprise", required=True, width=220),
        F("year", "年度", "Year", "year", required=True, width=60),
        F("term", "届次", "Term", "int", width=50, default=1),
        F("session_no", "会次", "Session", "int", width=50, default=1),
        F("planned_date", "计划日期", "Planned", "date", width=95),
        F("held_date", "召开日期", "Held", "date", width=95),
        F("status", "状态", "Status", "choice", required=True, choices=CONGRESS_STATUSES, width=70),
        F("delegates_expected", "应到代表", "Delegates expected", "int", width=70),
        F("delegates_present", "实到代表", "Delegates present", "int", width=70),
        F("agenda", "议程", "Agenda", "longtext", column=False, max_length=4000),
        F("resolutions", "决议", "Resolutions", "longtext", column=False, max_length=4000),
        F("votes_for", "赞成票", "For", "int", column=False),
        F("votes_against", "反对票", "Against", "int", column=False),
        F("votes_abstain", "弃权票", "Abstain", "int", column=False),
        F(
            "public_items",
            "厂务公开事项",
            "Items made public",
            "longtext",
            column=False,
            max_length=4000,
        ),
    ),
)

TRAINING = RecordSpec(
    key="training",
    label="培训",
    english="Training",
    model_name="TrainingSession",
    title_field="title",
    search=("title", "place", "trainer"),
    fields=(
        F("title", "名称", "Title", required=True, width=220, max_length=120),
        F("kind", "类型", "Type", "choice", required=True, choices=TRAINING_KINDS, width=80),
        F("held_on", "日期", "Date", "date", required=True, width=95),
        F("place", "地点", "Place", width=140, max_length=100),
        F("hours", "学时", "Hours", "float", width=50),
        F("trainer", "授课人", "Trainer", width=80, max_length=60),
        F("handbooks", "发放手册(册)", "Handbooks", "int", width=90),
        F("notes", "备注", "Notes", "longtext", column=False, max_length=2000),
    ),
)

ATTENDEE = RecordSpec(
    key="attendee",
    label="参加人员",
    english="Attendee",
    model_name="Attendee",
    title_field="name",
    parent_key="session_id",
    search=("name", "employer", "phone"),
    fields=(
        F("name", "姓名", "Name", required=True, max_length=40, example="李四"),
        F("employer", "工作单位", "Employer", max_length=200, example="南京某某科技有限公司"),
        F("phone", "联系电话", "Phone", "phone", sensitive=True),
        F("signed_in", "已签到", "Signed in", "bool", example="是"),
        F("result", "成绩", "Result", max_length=60),
    ),
)


def _service_checks(values: dict[str, Any]) -> None:
    check_order(values.get("valid_from"), values.get("valid_to"), "有效期自", "有效期至")


SERVICE_UNIT = RecordSpec(
    key="service_unit",
    label="优惠服务单位",
    english="Member discount unit",
    model_name="ServiceUnit",
    title_field="name",
    search=("name", "discount", "contact", "address"),
    cross_check=_service_checks,
    fields=(
        F("name", "单位名称", "Name", required=True, width=220),
        F("field", "服务领域", "Field", "choice", required=True, choices=SERVICE_FIELDS, width=80),
        F("discount", "优惠内容", "Discount", width=240),
        F("contact", "联系人", "Contact", width=80, max_length=40),
        F("phone", "联系电话", "Phone", "phone", width=110),
        F("address", "地址", "Address", width=200),
        F("valid_from", "有效期自", "Valid from", "date", width=95),
        F("valid_to", "有效期至", "Valid to", "date", width=95),
        F("notes", "备注", "Notes", column=False, max_length=400),
    ),
)

ALL_SPECS = (
    ENTERPRISE,
    VISIT,
    HONOUR,
    CONGRESS,
    FAMILY,
    MEMBER,
    ASSISTANCE,
    REVIEW,
    ATTACHMENT,
    TRAINING,
    ATTENDEE,
    SERVICE_UNIT,
)
__all__ = [
    "ASSISTANCE",
    "ASSISTANCE_KINDS",
    "ATTACHMENT",
    "FAMILY",
    "FAMILY_CATEGORIES",
    "FAMILY_STATUSES",
    "HARDSHIP_REASONS",
    "HEALTH",
    "MEMBER",
    "RELATIONS",
    "REVIEW",
]
SPECS_BY_KEY = {spec.key: spec for spec in ALL_SPECS}
