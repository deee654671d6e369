"""What section I reports besides the plan and the submissions: the leadership's own work
of dissemination, direction and follow-up, and how far the plan was disseminated.

Which activities are the leadership's is decided from the data. The plan names the units
that prepare the report and follow the plan up (`report.prepared_by`, the units of its
`implementation` items): their activities are the office's own steering. Of those, one is
- dissemination ("quán triệt") when its kind is a dissemination kind (the kind's label says
  "quán triệt") and the activity itself is a briefing on something ("quán triệt" in its
  text);
- follow-up ("kiểm tra, đôn đốc") when its kind is an inspection kind ("kiểm tra" or "giám
  sát" in the label) or the activity chases the units up ("đôn đốc" in its text);
- direction ("chỉ đạo, hướng dẫn") when it launches, issues or guides the units' work
  ("phát động phong trào", "ban hành", "hướng dẫn các đơn vị", "chỉ đạo").
An activity written in the unit's first person ("… của phòng") is that unit's work for its
own staff, as every unit's is, not the office's steering: it stays in section II. The
activities section I shows are not shown again as examples in section II
(`shown_in_leadership`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from dvcq_cli.model import Activity
from dvcq_cli.report.context import ReportContext
from dvcq_cli.report.remarks import kind_word
from dvcq_cli.report.text import (
    clean,
    count_text,
    fraction_text,
    lower_first,
    short_date,
    strip_end,
)
from dvcq_cli.report.voice import third_person
from dvcq_cli.synthesis import Entry, parse_activity_cite

if TYPE_CHECKING:  # the plan's types only
    from dvcq_cli.model import ConsistencyRule, Indicator

ROLES = (("chi_dao", "Công tác chỉ đạo, hướng dẫn"),
         ("quan_triet", "Công tác quán triệt, triển khai"),
         ("kiem_tra", "Công tác kiểm tra, đôn đốc"))
# In the year-end report, the lead units' other emulation activities (the review of the
# year's movement, the awards) are its outcome: `emulation` reports them.
EMULATION = "thi_dua"
_DIRECTION = ("phát động phong trào", "ban hành", "hướng dẫn các đơn vị", "chỉ đạo các đơn vị")


def lead_units(ctx: ReportContext) -> list[str]:
    """The units that steer the plan: the one preparing the report, then those the plan's
    implementation part charges."""
    found = [ctx.plan.report.prepared_by]
    for item in ctx.plan.implementation:
        found += [unit for unit in item.units if unit not in found]
    return found


def role(ctx: ReportContext, unit_id: str, activity: Activity) -> str | None:
    text = clean(activity.text).casefold()
    label = clean(ctx.plan.activity_kinds.get(activity.kind or "", "")).casefold()
    if third_person(clean(activity.text), kind_word(ctx, unit_id), "")[1]:
        return None  # the unit's work for its own staff
    if "quán triệt" in label and "quán triệt" in text:
        return "quan_triet"
    if "kiểm tra" in label or "giám sát" in label or "đôn đốc" in text:
        return "kiem_tra"
    if any(word in text for word in _DIRECTION):
        return "chi_dao"
    if "thi đua" in label and ctx.shared.get("year_end_report"):
        return EMULATION
    return None


def drafted_leadership(ctx: ReportContext) -> list[Entry] | None:
    """Section I as the drafter writes it (`_bao-cao.yaml`), if the file gives it."""
    return getattr(ctx.shared.get("synthesis"), "leadership", None) or None


def steering(ctx: ReportContext) -> dict[str, list[tuple[str, Activity]]]:
    """The lead units' activities of the period by role, in date order; computed once.

    When the drafter writes section I, the activities its paragraphs cite are the ones it
    reports (section II and the emulation outcome leave those out), whatever their role."""
    found = ctx.shared.get("leadership")
    if isinstance(found, dict):
        return found
    from dvcq_cli.report.year_end import is_year_end  # year_end's parts import this module

    ctx.shared["year_end_report"] = is_year_end(ctx)
    leads = lead_units(ctx)
    by_role: dict[str, list[tuple[str, Activity]]] = {}
    for unit_id, activity in sorted(ctx.activities, key=lambda pair: pair[1].date):
        if unit_id in leads:
            kind = role(ctx, unit_id, activity)
            if kind is not None:
                by_role.setdefault(kind, []).append((unit_id, activity))
    drafted = drafted_leadership(ctx)
    if drafted is None:
        shown = {id(activity) for pairs in by_role.values() for _u, activity in pairs}
    else:
        cited = {parse_activity_cite(cite) for entry in drafted for cite in entry.activities}
        shown = {id(activity) for unit_id, activity in ctx.activities
                 if (unit_id, activity.date) in cited}
        if EMULATION in by_role:
            by_role[EMULATION] = [(u, a) for u, a in by_role[EMULATION] if id(a) not in shown]
            # What the emulation outcome reports is said there, not again in section II.
            shown |= {id(activity) for _u, activity in by_role[EMULATION]}
    ctx.shared["leadership"] = by_role
    ctx.shared["shown_in_leadership"] = shown
    return by_role


def shown_in_leadership(ctx: ReportContext, activity: Activity) -> bool:
    """True for an activity section I reports (section II does not cite it again)."""
    steering(ctx)
    shown = ctx.shared.get("shown_in_leadership")
    return isinstance(shown, set) and id(activity) in shown


def activity_text(ctx: ReportContext, unit_id: str, activity: Activity) -> str:
    """`ngày 06/12/2024, Lãnh đạo Văn phòng sơ kết … (38 người tham dự)`."""
    return clauses(ctx, [(unit_id, activity)])


def since_previous(ctx: ReportContext) -> date | None:
    """The first day after the previous report of the year, when this report tells only
    what is new since then (the 9-month report); None for the first report of the year and
    the year-end report, which gives the year whole."""
    steering(ctx)
    return None if ctx.shared.get("year_end_report") else ctx.increment_start


def paragraphs(ctx: ReportContext, issued: str | None = None) -> list[str]:
    """One paragraph per role that has activities; dissemination ends with how far the
    plan reached the units' staff.

    After the first report of the year (the 9-month report), what that report already said
    is one recap sentence first, naming that report, and the plan's issuing (`issued`, `Kế
    hoạch số 294/KH-VP ngày 08/4/2024`) when it was before; then what is new since, in
    full. The year-end report gives the year's leadership whole."""
    by_role = steering(ctx)
    if drafted_leadership(ctx) is not None:
        return []  # the drafter's paragraphs take their place (`drafted`)
    since = since_previous(ctx)
    earlier: list[tuple[str, Activity]] = []
    new_lines: list[str] = []
    other_lines: list[str] = []
    for kind, heading in ROLES:
        done = by_role.get(kind, [])
        if since is not None:
            earlier += [(kind, a) for _u, a in done if a.date < since]
            done = [(u, a) for u, a in done if a.date >= since]
        parts = []
        if done:
            parts.append(clauses(ctx, done))
        extra = reach(ctx) if kind == "quan_triet" else None
        if extra:
            parts.append(extra)
        if parts:
            body = ". ".join(part[:1].upper() + part[1:] for part in parts)
            (new_lines if done else other_lines).append(f"{heading}: {lower_first(body)}.")
    told = [recap(ctx, earlier, since, issued)] if since and (earlier or issued) else []
    return told + new_lines + other_lines


def clauses(ctx: ReportContext, done: list[tuple[str, Activity]]) -> str:
    """`ngày 28/5/2024, Phòng … kiểm tra …; ngày 17/7/2024, tổng hợp …`: each activity by
    who did it, the doer not named again when it did the one before too."""
    said = []
    previous = None
    for unit_id, activity in done:
        doer, deed = doer_and_deed(ctx, unit_id, activity)
        clause = deed if doer == previous else f"{doer} {deed}".strip()
        if activity.participants:
            clause += f" ({count_text(activity.participants)} người tham dự)"
        said.append(f"ngày {short_date(activity.date)}, {clause}")
        previous = doer
    return "; ".join(said)


# A lead unit's activity it advised the leadership on ("Tham mưu Lãnh đạo Văn phòng tổ
# chức …", "Tham mưu phát động …") is the leadership's or the office's own act: section I
# reports the office's steering, so it says who acted, not who drafted the papers.
_ADVISED = re.compile(r"tham mưu\s+(?:cho\s+)?", re.IGNORECASE)
_LEADERS = ("Lãnh đạo", "Chánh", "Phó Chánh", "Ban Giám đốc", "Giám đốc", "Phó Giám đốc",
            "Thủ trưởng")
# What the office itself does when a unit advised it ("Tham mưu phát động …"); after
# "tham mưu" a noun ("tham mưu văn bản …", "tham mưu kế hoạch …") is the unit's own paper.
_OFFICE_ACTS = ("phát động", "tổ chức", "ban hành", "chỉ đạo", "hướng dẫn", "triển khai",
                "sơ kết", "tổng kết", "kiểm tra", "quán triệt", "khen thưởng", "biểu dương",
                "công nhận", "giao")


def doer_and_deed(ctx: ReportContext, unit_id: str, activity: Activity) -> tuple[str, str]:
    """(who, what they did): `("", "Lãnh đạo Văn phòng tổ chức …")` when the text names
    the leader who acted, `("Văn phòng", "phát động …")` when the unit advised the office,
    else the unit and its own deed."""
    text = strip_end(clean(activity.text))
    advised = _ADVISED.match(text)
    if advised:
        rest = text[advised.end():]
        if any(rest.startswith(leader + " ") for leader in _LEADERS):
            return "", rest
        if any(re.match(rf"{act}(?!\w)", rest) for act in _OFFICE_ACTS):
            return office(ctx), rest
    return ctx.names[unit_id], lower_first(text)


def office(ctx: ReportContext) -> str:
    """The office as its report calls itself after the first mention: `Văn phòng` (the
    heading's name, `VĂN PHÒNG`, as `Văn phòng UBND tỉnh` writes it), else its full name."""
    short = clean(ctx.plan.document.issuer)
    if short and ctx.issuer_name.casefold().startswith(short.casefold()):
        return ctx.issuer_name[:len(short)]
    return ctx.issuer_name


_SHORT_ROLES = {"chi_dao": "chỉ đạo", "quan_triet": "quán triệt", "kiem_tra": "kiểm tra"}


def recap(ctx: ReportContext, earlier: list[tuple[str, Activity]], since: date,
          issued: str | None = None) -> str:
    """`Việc ban hành Kế hoạch số 294/KH-VP ngày 08/4/2024 và các hoạt động chỉ đạo, quán
    triệt, kiểm tra trước ngày 15/6/2024 đã nêu tại báo cáo … 6 tháng đầu năm 2024.`"""
    before = previous_label(ctx, since)
    where = (f"tại báo cáo {lower_first(clean(ctx.plan.report.subject))} {before}"
             if before else "tại báo cáo kỳ trước")
    said = [f"Việc ban hành {issued}"] if issued else []
    if earlier:
        # Which report told them is the reference; their dates are that report's to give.
        roles = [_SHORT_ROLES[kind] for kind, _h in ROLES
                 if any(k == kind for k, _a in earlier)]
        listed = ", ".join(roles) if issued else and_list(roles)  # one "và" in the sentence
        said.append(f"{'các' if issued else 'Các'} hoạt động {listed} trước ngày "
                    f"{short_date(since)}")
    return f"{' và '.join(said)} đã nêu {where}."


def and_list(items: list[str]) -> str:
    """`a`, `a và b`, `a, b và c`."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} và {items[-1]}"


def previous_label(ctx: ReportContext, since: date) -> str | None:
    """The label of the report that ended the day before `since` (`6 tháng đầu năm 2024`)."""
    from dvcq_cli import periods

    for period_id, period in ctx.plan.periods.items():
        found = periods.window(ctx.plan, period_id)
        if found is not None and found[1] == since - timedelta(days=1) \
                and found[0] >= ctx.start:
            return clean(period.label)
    return None


# ---------------------------------------------------------------- how far the plan reached
def briefing_rule(ctx: ReportContext) -> tuple[str, str, str] | None:
    """(flag, people reached, people in all) from the plan's consistency rules: the rule
    "a unit may say it has disseminated the plan (flag) only when the people reached are
    all its people" (`when: {indicator: reached, less_than: all}, check: {indicator: flag,
    equals: false}`), with both counts summed across units."""
    indicators = ctx.plan.indicators
    for rule in ctx.plan.consistency:
        found = _briefing(rule, indicators)
        if found is not None:
            return found
    return None


def _briefing(rule: ConsistencyRule, indicators: dict[str, Indicator]
              ) -> tuple[str, str, str] | None:
    when, check = rule.when, rule.check
    if when is None or when.indicator is None or not isinstance(when.less_than, str):
        return None
    if check.indicator is None or check.equals is not False:
        return None
    reached, everyone, flag = when.indicator, when.less_than, check.indicator
    if not all(i in indicators for i in (reached, everyone, flag)):
        return None
    if not (indicators[reached].sums and indicators[everyone].sums
            and indicators[flag].type == "bool"):
        return None
    return flag, reached, everyone


def reach(ctx: ReportContext) -> str | None:
    """The unit-level and the people-level figures of dissemination in one sentence, so
    that they cannot read as a contradiction: `Trong 15 đơn vị đã gửi báo cáo, 12 đơn vị …;
    03 đơn vị còn 05 … chưa được quán triệt, nên số … được quán triệt là 193/198 người`."""
    found = briefing_rule(ctx)
    values = _briefing_values(ctx)
    totals = reached_people(ctx)
    if found is None or values is None or totals is None:
        return None
    flag, reached, everyone = found
    indicators = ctx.plan.indicators
    counted = [(u, f, r, e) for u, f, r, e in values
               if isinstance(r, int) and isinstance(e, int)]
    ctx.shared["said_indicators"] = {reached, everyone}
    total_reached, total, _who = totals  # the figure section II's counted line repeats
    done = [u for u, f, _r, _e in values if f is True]
    short = [(u, e - r) for u, _f, r, e in counted if r < e]
    reporting = len(ctx.reporting)
    what = lower_first(strip_end(clean(indicators[flag].label)))
    people = lower_first(strip_end(clean(indicators[reached].label)))
    people_not = people.replace("được", "chưa được", 1)
    if people_not.startswith("số "):
        people_not = people_not[3:]
    figure = f"{people} là {fraction_text(total_reached, total)} người"
    if len(done) == reporting:
        # "14/14 đơn vị …", as a drafter counts; "cả 14 đơn vị" reads as speech.
        text = f"{fraction_text(reporting, reporting)} đơn vị đã gửi báo cáo đều {_done(what)}"
    else:
        text = (f"trong {count_text(reporting)} đơn vị đã gửi báo cáo, "
                f"{count_text(len(done))} đơn vị {_done(what)}")
    if short:  # which units: section III names them under the target they hold back
        missing = sum(gap for _u, gap in short)
        text += (f"; {count_text(len(short))} đơn vị còn {count_text(missing)} {people_not}, "
                 f"nên {figure}")
    else:
        text += f": {figure}"
    return text[:1].upper() + text[1:]


def _briefing_values(ctx: ReportContext) -> list[tuple[str, object, object, object]] | None:
    """Each reporting unit's (id, flag, people reached, people in all); None when the plan
    has no briefing rule or no unit counted its people."""
    found = briefing_rule(ctx)
    if found is None or not ctx.reporting:
        return None
    flag, reached, everyone = found
    values = [(s.unit.id, s.assessment.indicators.get(flag),  # type: ignore[union-attr]
               s.assessment.indicators.get(reached),  # type: ignore[union-attr]
               s.assessment.indicators.get(everyone))  # type: ignore[union-attr]
              for s in ctx.reporting]
    if not any(isinstance(r, int) and isinstance(e, int) for _u, _f, r, e in values):
        return None
    return values


def reached_people(ctx: ReportContext) -> tuple[int, int, str] | None:
    """Section I's figure of how far the plan reached: (people reached, people in all, who
    they are: `CCVC và người lao động`), for a line of section II that counts the same
    people to say it the same way."""
    # Asked once per counted line of section II: worked out once per report.
    if "reached_people" not in ctx.shared:
        ctx.shared["reached_people"] = _reached_people(ctx)
    return ctx.shared["reached_people"]  # type: ignore[return-value]


def _reached_people(ctx: ReportContext) -> tuple[int, int, str] | None:
    found = briefing_rule(ctx)
    values = _briefing_values(ctx)
    if found is None or values is None:
        return None
    counted = [(r, e) for _u, _f, r, e in values if isinstance(r, int) and isinstance(e, int)]
    label = lower_first(strip_end(clean(ctx.plan.indicators[found[1]].label)))
    who = re.sub(r"^số\s+", "", label).split(" được ", 1)[0]
    return sum(r for r, _e in counted), sum(e for _r, e in counted), who


def _done(what: str) -> str:
    """`đã quán triệt Kế hoạch …` (the flag's label, said as done)."""
    return what if what.startswith("đã ") else f"đã {what}"
