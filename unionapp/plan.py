"""The union's yearly plan as the program measures it: the targets, the month-by-month series,
and a target's progress. Light (no SQLAlchemy), so the window can show them before the ORM loads;
`unionapp.services.targets` and `unionapp.services.monthly` do the counting."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    english: str
    goal: int  # from the plan
    unit: str  # "%" for rates, else a count word
    at_most: bool = False  # safety accidents: the goal is a ceiling
    open_label: str = ""  # what the drill-down lists
    lists_open: bool = True  # the list is what is still to do (else: what was achieved)


METRICS: tuple[Metric, ...] = (
    Metric("new_unions", "新建工会组织", "New unions founded", 20, "家", open_label="尚未建会的企业"),
    Metric("wage_rate", "工资集体协商签订率", "Wage agreement rate", 100, "%",
           open_label="已建会但没有有效工资协议的企业"),
    Metric("congress_rate", "规模以上企业召开职代会", "Above-size enterprises holding a congress",
           100, "%", open_label="今年尚未召开职代会的规模以上企业"),
    Metric("affairs_rate", "规模以上企业厂务公开", "Affairs made public (above size)", 100, "%",
           open_label="未实行厂务公开的规模以上企业"),
    Metric("safety_accidents", "安全生产事故", "Safety accidents", 0, "起", at_most=True,
           open_label="发生安全事故的企业"),
    Metric("honour_home", "市级模范职工之家", "City-level model workers' homes", 2, "家",
           open_label="今年获得的荣誉",
           lists_open=False),
    Metric("honour_vanguard", "市级工人先锋号", "City-level worker vanguards", 2, "个",
           open_label="今年获得的荣誉",
           lists_open=False),
    Metric("honour_harmony", "市级和谐劳动关系企业", "City-level harmonious enterprises", 2, "家",
           open_label="今年获得的荣誉",
           lists_open=False),
    Metric("cadre_trainings", "工会干部业务培训班", "Cadre training classes", 1, "期",
           open_label="今年举办的培训班",
           lists_open=False),
    Metric("handbooks", "发放宣传手册", "Handbooks handed out", 10000, "册",
           open_label="今年发放手册的活动",
           lists_open=False),
    Metric("contests", "技能大赛", "Skills contests", 1, "次", open_label="今年举办的技能大赛",
           lists_open=False),
    Metric("families_helped", "困难职工家庭帮扶覆盖", "Hardship families helped", 100, "%",
           open_label="今年尚未帮扶的在档家庭"),
    Metric("students_aided", "金秋助学覆盖", "Eligible children given student aid", 100, "%",
           open_label="尚未资助的在读子女"),
    Metric("service_units", "会员优惠服务单位", "Member discount service units", 7, "家",
           open_label="有效的优惠服务单位",
           lists_open=False),
)  # fmt: skip
METRICS_BY_KEY = {metric.key: metric for metric in METRICS}


NO_DATA = "无数据"  # a rate with nothing to count yet (no unionised enterprise, no family …)


@dataclass(frozen=True)
class Progress:
    metric: Metric
    value: float | None  # None: nothing to count
    goal: int
    status: str  # 已完成 / 进度正常 / 落后 / 未达标 / 无数据

    @property
    def fraction(self) -> float:
        if self.value is None:
            return 0.0
        if self.metric.at_most:
            return 1.0 if self.value <= self.goal else 0.0
        return min(1.0, self.value / self.goal) if self.goal else 1.0

    @property
    def shown(self) -> str:
        if self.value is None:
            return f"— / {self.goal:,}{self.metric.unit}"
        value = f"{self.value:.1f}" if self.metric.unit == "%" else f"{int(self.value):,}"
        return f"{value} / {self.goal:,}{self.metric.unit}"


# The month-by-month series (the overview's chart and the annual report).
SERIES = {
    "unions": "新建工会",
    "congresses": "召开职代会",
    "trainings": "培训活动",
    "aid": "帮扶人次",
    "visits": "走访",
}
SERIES_ENGLISH = {
    "unions": "New unions",
    "congresses": "Congresses held",
    "trainings": "Training events",
    "aid": "People helped",
    "visits": "Visits",
}
