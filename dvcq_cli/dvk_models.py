"""The "Dân vận khéo" models (mô hình) and exemplars (điển hình) as records.

A year's records live in `plans/<year>/models.yaml`, one record per model, with the dates of
its lifecycle: registered → running → assessed effective → recognised (with the decision
that recognises it), or stopped. A model registered in an earlier year and still running is
kept in the year's file with its first registration date: it is then "continued", not new.

Activities of self-assessments name a model by id (`model:`); a model is counted from its
record, so it counts once however many activities or periods mention it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from dvcq_cli.model import MODEL_FIELDS, MODEL_KINDS, MODEL_STAGES, ModelFilter, Plan
from dvcq_cli.schema import NO_WHERE, Choice, Date, F, Id, ListOf, Record, Text, Where
from dvcq_cli.tuples import NamedTuple

FIELD_LABELS = {
    "kinh_te": "Kinh tế",
    "van_hoa_xa_hoi": "Văn hóa – xã hội",
    "quoc_phong_an_ninh": "Quốc phòng – an ninh",
    "xay_dung_he_thong_chinh_tri": "Xây dựng hệ thống chính trị",
}
KIND_LABELS = {"mo_hinh": "mô hình", "dien_hinh": "điển hình"}
STAGE_LABELS = {"registered": "đăng ký", "running": "đang triển khai",
                "effective": "có hiệu quả", "recognised": "được công nhận",
                "stopped": "dừng thực hiện"}


class Recognition(NamedTuple):
    date: date
    decision: str
    where: Where = NO_WHERE


class Stop(NamedTuple):
    date: date
    reason: str
    where: Where = NO_WHERE


class ModelRecord(NamedTuple):
    id: str
    name: str
    unit: str
    field: str
    kind: str
    registered: date
    running: date | None = None
    effective: date | None = None
    recognised: Recognition | None = None
    stopped: Stop | None = None
    note: str | None = None
    where: Where = NO_WHERE

    def stage_dates(self) -> list[tuple[str, date]]:
        """The stages reached, in lifecycle order, with their dates."""
        found = [("registered", self.registered), ("running", self.running),
                 ("effective", self.effective),
                 ("recognised", self.recognised.date if self.recognised else None)]
        return [(stage, day) for stage, day in found if day is not None]

    def stage_on(self, day: date) -> str | None:
        """The furthest stage reached by `day`, or `stopped`; None before registration."""
        if self.stopped is not None and self.stopped.date <= day:
            return "stopped"
        reached = [stage for stage, when in self.stage_dates() if when <= day]
        return reached[-1] if reached else None

    def matches(self, wanted: ModelFilter, day: date) -> bool:
        """Reached the filter's stage (or a later one) by `day`, not stopped, of its fields
        and kinds."""
        stage = self.stage_on(day)
        if stage is None or stage == "stopped":
            return False
        if MODEL_STAGES.index(stage) < MODEL_STAGES.index(wanted.status):
            return False
        return (not wanted.fields or self.field in wanted.fields) and \
            (not wanted.kinds or self.kind in wanted.kinds)


class ModelRegister(NamedTuple):
    models: list[ModelRecord]
    where: Where = NO_WHERE

    def by_id(self) -> dict[str, ModelRecord]:
        return {model.id: model for model in self.models}

    def of_unit(self, unit_id: str) -> list[ModelRecord]:
        return [model for model in self.models if model.unit == unit_id]


def count_matching(models: Iterable[ModelRecord], wanted: ModelFilter, day: date) -> int:
    return sum(1 for model in models if model.matches(wanted, day))


class ModelCounts(NamedTuple):
    """What status and the report say about the models at a date, within a year's window."""

    by_stage: dict[str, int]  # the current stage of each model (stopped included)
    by_field: dict[str, dict[str, int]]  # field → {"registered": n, "effective": n}
    registered: int  # every model registered by the date (stopped included)
    effective: int  # effective or recognised, not stopped
    recognised_in_window: int
    new: int  # registered inside the window
    continued: int  # registered before it
    by_kind: dict[str, dict[str, int]]  # kind → {"registered": n, "effective": n}


def count_models(models: Iterable[ModelRecord], window: tuple[date, date]) -> ModelCounts:
    """Each model once, as it stands at the window's end."""
    start, end = window
    by_stage = dict.fromkeys((*MODEL_STAGES, "stopped"), 0)
    by_field = {name: {"registered": 0, "effective": 0} for name in MODEL_FIELDS}
    by_kind = {name: {"registered": 0, "effective": 0} for name in MODEL_KINDS}
    registered = effective = recognised = new = continued = 0
    effective_filter = ModelFilter(status="effective")
    for model in models:
        stage = model.stage_on(end)
        if stage is None:
            continue  # registered after the window
        by_stage[stage] += 1
        registered += 1
        by_field[model.field]["registered"] += 1
        by_kind[model.kind]["registered"] += 1
        if model.matches(effective_filter, end):
            effective += 1
            by_field[model.field]["effective"] += 1
            by_kind[model.kind]["effective"] += 1
        if model.recognised is not None and start <= model.recognised.date <= end:
            recognised += 1
        if model.registered >= start:
            new += 1
        else:
            continued += 1
    return ModelCounts(by_stage, by_field, registered, effective, recognised, new, continued,
                       by_kind)


# ---------------------------------------------------------------- the declared shape
RECOGNITION = Record(Recognition, {
    "date": F(Date("Ngày công nhận (YYYY-MM-DD)"), required=True),
    "decision": F(Text("Văn bản công nhận, ví dụ Quyết định số 512/QĐ-VP ngày 05/12/2024"),
                  required=True),
}, "Được công nhận")

STOP = Record(Stop, {
    "date": F(Date("Ngày dừng (YYYY-MM-DD)"), required=True),
    "reason": F(Text("Lý do dừng"), required=True),
}, "Dừng thực hiện")

MODEL_RECORD = Record(ModelRecord, {
    "id": F(Id("Mã mô hình, dùng trong hoạt động (model:)", example="mh_mot_cua"),
            required=True),
    "name": F(Text("Tên mô hình, điển hình"), required=True),
    "unit": F(Id("Đơn vị đăng ký"), required=True),
    "field": F(Choice(MODEL_FIELDS, "Lĩnh vực: kinh_te, van_hoa_xa_hoi, quoc_phong_an_ninh, "
                                    "xay_dung_he_thong_chinh_tri", FIELD_LABELS), required=True),
    "kind": F(Choice(MODEL_KINDS, "mo_hinh (mô hình) hoặc dien_hinh (điển hình)", KIND_LABELS),
              required=True),
    "registered": F(Date("Ngày đăng ký"), required=True),
    "running": F(Date("Ngày bắt đầu triển khai")),
    "effective": F(Date("Ngày được đánh giá có hiệu quả")),
    "recognised": F(RECOGNITION),
    "stopped": F(STOP),
    "note": F(Text("Ghi chú")),
}, "Mô hình, điển hình “Dân vận khéo”")

MODEL_REGISTER = Record(ModelRegister, {
    "models": F(ListOf(MODEL_RECORD, "Các mô hình, điển hình"), required=True),
}, "Sổ theo dõi mô hình, điển hình “Dân vận khéo” của năm")


def counts_at(plan: Plan, period_id: str) -> ModelCounts | None:
    """The year's model records as they stand at the period's end, "new" counted from the
    start of the plan's earliest window; None when the year has no usable records."""
    from dvcq_cli import periods
    from dvcq_cli.schema import INVALID

    register = plan.models
    span = periods.window(plan, period_id)
    if register is None or register is INVALID or span is None:
        return None
    starts = [found[0] for found in (periods.window(plan, p) for p in plan.periods) if found]
    return count_models(register.models, (min(starts, default=span[0]), span[1]))


def counts_document(counts: ModelCounts) -> dict[str, object]:
    """The counts as plain data (status JSON, dashboard)."""
    return {"registered": counts.registered, "effective": counts.effective,
            "recognised_this_year": counts.recognised_in_window, "new": counts.new,
            "continued": counts.continued, "by_stage": dict(counts.by_stage),
            "by_field": {name: dict(found) for name, found in counts.by_field.items()},
            "by_kind": {name: dict(found) for name, found in counts.by_kind.items()}}
