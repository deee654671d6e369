"""Section V: the office's proposals, each to someone who can act on the report.

The office makes the proposals, so none is followed by the unit that wrote it, and a unit's
word for itself in one ("để phòng tổng hợp") is the office (`để Văn phòng tổng hợp`). Only
the requests beyond the office are kept (`to:` one of `OUTSIDE`), in this order:

- to the report's recipient (`noi_nhan`): a request that names nobody ("Đề nghị hướng dẫn…")
  gets the recipient's name from the plan (`Đề nghị Sở Nội vụ hướng dẫn…`);
- to UBND tỉnh (`ubnd_tinh`) and to other agencies (`so_nganh`): the report reaches neither,
  so each goes the same way, through the recipient: `Đề nghị Sở Nội vụ tham mưu UBND tỉnh
  chỉ đạo các sở, ngành …`, `Đề nghị Sở Nội vụ tham mưu UBND tỉnh bố trí …` (as written when
  the report goes to UBND tỉnh). Requests to the same agencies are one request, whether a
  unit asked UBND tỉnh to direct them or asked them: `… chỉ đạo các sở, ngành cử đầu mối …
  và cung cấp hồ sơ …`.

The same proposal from several units, or nearly the same (one unit's wording of another's),
is said once.

A later report of the year does not copy what the previous one asked (`said_before`): the
requests it made again are one line referring to that report (`Đề nghị Sở Nội vụ tiếp tục
quan tâm, xem xét các đề xuất, kiến nghị đã nêu tại báo cáo … 6 tháng đầu năm 2024`), after
what is new; when only some are asked again, those open with `Tiếp tục đề nghị`.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from dvcq_cli.model import ADDRESSEES, OUTSIDE
from dvcq_cli.report.context import ReportContext
from dvcq_cli.report.remarks import Said, collect, kind_word, punctuated
from dvcq_cli.report.text import bullets, clean, lower_first, strip_end
from dvcq_cli.report.voice import third_person

# "Đề nghị hướng dẫn…" names nobody; "Đề nghị Sở Nội vụ…", "Đề nghị các sở, ngành…" do.
_ASKS = re.compile(r"^(Đề nghị|Kiến nghị|Đề xuất)\s+(\S+)")
_COLLECTIVE = ("các", "những", "cơ", "ủy", "bộ")
# Two requests to the same agencies share at least this many first words ("các sở, ngành").
_SAME_ADDRESSEE_WORDS = 3
# Two proposals this alike (share of their words in the same order) are one proposal.
_NEARLY_SAME = 0.8


def proposals(ctx: ReportContext) -> list[str]:
    return said_before(ctx, own_proposals(ctx))


def own_proposals(ctx: ReportContext) -> list[str]:
    """The period's proposals as the units' files make them."""
    groups = collect(ctx, "proposals", lambda proposal: proposal.to in OUTSIDE,
                     key=lambda proposal: ("to", proposal.to))
    said = {to: distinct([addressed(office_voice(ctx, item), addressee(ctx, to))
                          for item in groups.get(("to", to), [])]) for to in OUTSIDE}
    # Beyond the recipient: each as a request to whom UBND tỉnh would direct, so that two
    # units asking for the same agencies are one request, then all routed alike.
    beyond = [directed(text) for text in said["ubnd_tinh"] + said["so_nganh"]]
    lines = [f"- {text}" for text in said["noi_nhan"]]
    lines += one_lead([routed(ctx, text) for text in joined_by_addressee(beyond)],
                      f"{through(ctx)} chỉ đạo")
    return punctuated(lines) or ["Không có đề xuất, kiến nghị."]


def one_lead(texts: list[str], lead: str) -> list[str]:
    """Requests that ask the same body for the same thing (`Đề nghị Sở Nội vụ tham mưu UBND
    tỉnh chỉ đạo`) as one, each agency's request a `+` line under it, where the first was."""
    heads: dict[str, str] = {}
    for text in texts:
        match = _ASKS.match(text)
        if match and text[match.end(1):].lstrip().startswith(lead + " "):
            heads[text] = f"{match.group(1)} {lead}"
    members: dict[str, list[str]] = {}
    for text, head in heads.items():
        members.setdefault(head, []).append(text)
    lines: list[str] = []
    for text in texts:
        head = heads.get(text)
        if head is None or len(members[head]) == 1:
            lines.append(f"- {text}")
        elif members[head][0] == text:
            lines.append(f"- {head}:")
            for member in members[head]:
                rest = member[len(head):].lstrip()
                lines.append(f"+ {rest[:1].upper()}{rest[1:]}")
    return lines


# "Đề nghị UBND tỉnh chỉ đạo các sở, ngành …": UBND tỉnh asked to direct others.
_DIRECTS = re.compile(r"^(Đề nghị|Kiến nghị|Đề xuất)\s+UBND tỉnh\s+chỉ đạo\s+", re.IGNORECASE)


def directed(text: str) -> str:
    """A request that UBND tỉnh direct others, as a request to those others (`Đề nghị các sở,
    ngành …`), which `routed` sends back through whom the report can ask; others as they are."""
    match = _DIRECTS.match(text)
    return text if match is None else f"{match.group(1)} {text[match.end():]}"


def office_name(ctx: ReportContext) -> str:
    """How the office names itself in a sentence: `Văn phòng` (the printed issuer, when the
    name used in sentences starts with it), else that name (`Văn phòng UBND tỉnh`)."""
    issuer = clean(ctx.plan.document.issuer)
    name = ctx.issuer_name
    if issuer and name.casefold().startswith(issuer.casefold()):
        return name[:len(issuer)]
    return name


def office_voice(ctx: ReportContext, said: Said) -> str:
    """The unit's word for itself becomes the office: the office is the one proposing."""
    text = said.text
    for unit_id in said.units:
        text, _changed = third_person(text, kind_word(ctx, unit_id), office_name(ctx))
    return text


def addressed(text: str, whom: str) -> str:
    """A request that names nobody gets its addressee: `Đề nghị Sở Nội vụ hướng dẫn…`."""
    match = _ASKS.match(text)
    if match is None:
        return text
    word = match.group(2)
    if word[:1].isupper() or word.casefold() in _COLLECTIVE:
        return text
    return f"{match.group(1)} {whom} {text[match.end(1):].lstrip()}"


def addressee(ctx: ReportContext, to: str | None) -> str:
    """Whom a proposal addresses, as the report names them: the report's own recipient
    (from the plan) for `noi_nhan`, else the addressee's usual name."""
    if to == "noi_nhan":
        return clean(ctx.plan.report.recipient)
    if to == "so_nganh":
        return "các sở, ngành"
    return ADDRESSEES.get(to or "", "")


def distinct(texts: list[str]) -> list[str]:
    """Each proposal once: of two nearly the same, the fuller wording, where the first was."""
    kept: list[str] = []
    for text in texts:
        words = text.casefold().split()
        for index, earlier in enumerate(kept):
            if SequenceMatcher(None, earlier.casefold().split(), words).ratio() >= _NEARLY_SAME:
                if len(text) > len(earlier):
                    kept[index] = text
                break
        else:
            kept.append(text)
    return kept


def joined_by_addressee(texts: list[str]) -> list[str]:
    """Requests to the same agencies as one: `Đề nghị các sở, ngành cử đầu mối … và cung cấp
    hồ sơ … để Văn phòng tổng hợp` (the one saying what it is for, `để …`, last)."""
    buckets: list[tuple[str, list[list[str]]]] = []  # (the asking word, each request's words)
    for text in texts:
        match = _ASKS.match(text)
        if match is None:
            buckets.append(("", [text.split()]))
            continue
        words = text[match.end(1):].split()
        for ask, requests in buckets:
            if ask == match.group(1) and len(_shared(requests + [words])) >= _SAME_ADDRESSEE_WORDS:
                requests.append(words)
                break
        else:
            buckets.append((match.group(1), [words]))
    joined = []
    for ask, requests in buckets:
        if len(requests) == 1:
            joined.append(" ".join(filter(None, (ask, *requests[0]))))
            continue
        shared = _shared(requests)
        rests = [" ".join(words[len(shared):]) for words in requests]
        rests = sorted(filter(None, rests), key=lambda rest: " để " in f" {rest} ")
        said = rests[-1] if len(rests) == 1 else (
            "; ".join(rests[:-1]) + (" và " if len(rests) == 2 else "; ") + rests[-1])
        joined.append(" ".join((ask, *shared, said)))
    return joined


def _shared(requests: list[list[str]]) -> list[str]:
    """The first words all requests share, never ending inside a list (`các sở,`)."""
    shared: list[str] = []
    for words in zip(*requests, strict=False):
        if len({word.casefold() for word in words}) > 1:
            break
        shared.append(words[0])
    while shared and shared[-1].endswith(","):
        shared.pop()
    return shared


def routed(ctx: ReportContext, text: str) -> str:
    """A request beyond the recipient made through whom the report can ask: to UBND tỉnh
    `Đề nghị Sở Nội vụ tham mưu UBND tỉnh …`, to other agencies `Đề nghị Sở Nội vụ tham mưu
    UBND tỉnh chỉ đạo …`; one already asking the recipient is kept as written (so is one
    asking UBND tỉnh when the report goes to UBND tỉnh)."""
    province = ADDRESSEES["ubnd_tinh"]
    recipient = clean(ctx.plan.report.recipient)
    match = _ASKS.match(text)
    if match is None:
        return f"Đề nghị {through(ctx)} chỉ đạo {lower_first(text)}"
    asked = text[match.end(1):].lstrip()
    if asked.casefold().startswith(recipient.casefold()):
        return text
    if asked.casefold().startswith(province.casefold()):
        return f"{match.group(1)} {recipient} tham mưu {asked}"
    return f"{match.group(1)} {through(ctx)} chỉ đạo {asked}"


def through(ctx: ReportContext) -> str:
    """Whom a request beyond the recipient goes through: `Sở Nội vụ tham mưu UBND tỉnh`,
    or `UBND tỉnh` when the report goes to UBND tỉnh."""
    province = ADDRESSEES["ubnd_tinh"]
    recipient = clean(ctx.plan.report.recipient)
    if recipient.casefold() == province.casefold():
        return province
    return f"{recipient} tham mưu {province}"


# ------------------------------------------------------------ asked in the previous report
def said_before(ctx: ReportContext, lines: list[str]) -> list[str]:
    """The proposals with those the previous report of the year made already referred to,
    not copied (see the module's docstring)."""
    earlier = previous_proposals(ctx)
    if earlier is None:
        return lines
    label, before = earlier
    known = {_plain(line) for line in before}
    new: list[list[str]] = []
    again: list[list[str]] = []
    for block in _blocks(lines):
        head, items = block[0], block[1:]
        fresh = [item for item in items if _plain(item) not in known]
        if not items:
            (again if _plain(head) in known else new).append(block)
        elif not fresh:
            again.append(block)
        else:
            new.append([head, *fresh])
            if len(fresh) < len(items):
                again.append([head, *[item for item in items if item not in fresh]])
    if not again:
        return lines
    asked = sum(len(block[1:]) or 1 for block in again)
    if asked >= sum(len(block[1:]) or 1 for block in _blocks(before)):
        where = (f"tại báo cáo {lower_first(clean(ctx.plan.report.subject))} {label}")
        refer = (f"- Đề nghị {clean(ctx.plan.report.recipient)} tiếp tục quan tâm, xem xét "
                 f"các đề xuất, kiến nghị đã nêu {where}")
        return punctuated([line for block in new for line in block] + [refer])
    return punctuated([line for block in new for line in block]
                      + [line for block in again for line in (_again(block[0]), *block[1:])])


def previous_proposals(ctx: ReportContext) -> tuple[str, list[str]] | None:
    """(the previous report's period label, its proposals as it gave them: the drafter's
    own, where its drafter wrote them), when the report knows that report's data."""
    found = ctx.shared.get("previous")
    if not isinstance(found, tuple):
        return None
    result, synthesis = found
    before = ReportContext(result, ctx.options)
    before.shared["synthesis"] = synthesis
    drafted = getattr(synthesis, "proposals", None)
    if drafted:
        from dvcq_cli.report.drafted import entry_text  # drafted imports this module

        lines = bullets([entry_text(before, entry) for entry in drafted])
    else:
        lines = own_proposals(before)
    return clean(result.period.label), lines


def _plain(line: str) -> str:
    """A line as said, whatever its mark and end: `- Đề nghị …;` and `- Đề nghị ….` alike."""
    return strip_end(line.lstrip("-+ ").rstrip(":")).casefold()


def _blocks(lines: list[str]) -> list[list[str]]:
    """Each `- ` line with the `+ ` lines under it."""
    blocks: list[list[str]] = []
    for line in lines:
        if line.startswith("+ ") and blocks:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _again(line: str) -> str:
    """`- Tiếp tục đề nghị …` for a request asked before."""
    match = _ASKS.match(line[2:])
    if match is None:
        return line
    return f"- Tiếp tục {lower_first(line[2:])}"
