"""The office's voice: a unit's own sentence made fit for the office's report.

Units write about themselves in the first person ("Phòng chưa đăng ký mô hình", "của
phòng", "để phòng tổng hợp"). In the office's report that word would name nobody, so
`third_person` replaces it: by the unit's name when the sentence is one unit's, by "đơn vị"
when several units said it. The word a unit uses for itself is its kind's label ("Phòng",
"Trung tâm", "Ban"); it is that word only when no name follows it (`Phòng Kinh tế` is a
name), no plural comes before it (`các phòng`), and it is not part of another word
(`phòng, chống`, `ban hành`).

A task a unit names for itself ("Đăng ký mô hình “Dân vận khéo” của phòng") has no subject;
with the name put in it would read inverted ("… của Phòng Kinh tế ngành"). `subject_first`
makes the unit the subject, as a drafter writes it ("Phòng Kinh tế ngành đăng ký mô hình …").

Units also restate that their own report is late or missing ("báo cáo 9 tháng gửi chậm").
The report states the submissions once, in section I, from the data: `without_submission`
drops the clauses that only say that.
"""

from __future__ import annotations

import re

# Words that, after a unit kind's word, make another word ("phòng chống", "ban hành").
_COMPOUNDS = {
    "phòng": ("chống", "ngừa", "cháy", "dịch", "tránh", "bệnh", "vệ", "thủ", "khi", "bị",
              "hộ", "làm việc", "tiếp"),
    "ban": ("hành", "đầu", "ngày", "đêm", "bố", "cho", "phát", "ơn"),
    "trung tâm": ("thành phố", "huyện", "xã"),
}
# Words before it that make it not the unit itself: a plural, a meeting of its staff
# ("họp phòng", which the reader understands as it is), another word ("Văn phòng").
_PLURAL = ("các", "những", "mỗi", "từng", "giữa", "nhiều", "một số", "họp", "văn")


def third_person(text: str, kind_word: str, name: str | None) -> tuple[str, bool]:
    """`text` with the unit's first-person word replaced by `name` (or by "đơn vị" when
    `name` is None: a sentence several units share); True when something was replaced."""
    if not kind_word:
        return text, False
    lower = kind_word.lower()
    capital = lower[:1].upper() + lower[1:]
    pattern = re.compile(rf"(?<![\w“\"])({re.escape(lower)}|{re.escape(capital)})(?![\w”\"])")
    out: list[str] = []
    last = 0
    changed = False
    for match in pattern.finditer(text):
        after = text[match.end():]
        before = text[:match.start()].rstrip().casefold()
        next_word = after.lstrip(" ,")
        if next_word[:1].isupper() and after[:1] == " ":
            continue  # a name follows: `Phòng Kinh tế`
        following = next_word.casefold()
        if any(re.match(rf"{re.escape(part)}(?!\w)", following)
               for part in _COMPOUNDS.get(kind_word.lower(), ())):
            continue  # "phòng cháy, chữa cháy", "ban hành"
        if any(before.endswith(" " + plural) or before == plural for plural in _PLURAL) \
                or before[-1:].isdigit():  # "06 phòng, trung tâm": several, counted
            continue
        at_start = not before or before.endswith((".", ";", ":"))
        # The name once; said again, the unit is "đơn vị" (as for a shared sentence).
        replacement = name if name is not None and not changed else "đơn vị"
        if at_start and replacement == "đơn vị":
            replacement = "Đơn vị"
        out.append(text[last:match.start()] + replacement)
        last = match.end()
        changed = True
    out.append(text[last:])
    return "".join(out), changed


def subject_first(text: str, name: str) -> str:
    """`Đăng ký mô hình X của Phòng A.` → `Phòng A đăng ký mô hình X.`: a sentence with no
    subject that ends on "của <name>" (one clause) gets the unit as its subject. Anything else (the
    name said elsewhere, a sentence already opening with it) is left as it is."""
    match = re.fullmatch(rf"(?P<head>.+?),?\s+của\s+{re.escape(name)}(?P<end>[.;:]?)",
                         text.strip())
    # One clause only: in "họp phòng định kỳ; đăng ký mô hình của …" the unit is not the
    # subject of the first clause's own words.
    if match is None or text.startswith(name) or name in match["head"] or ";" in match["head"]:
        return text
    head = match["head"]
    if len(head) > 1 and head[1].isupper():  # an acronym ("UBND tỉnh …") is a subject
        return text
    return f"{name} {head[:1].lower()}{head[1:]}{match['end']}"


# A clause that only says the unit's own report was late or is missing.
_SUBMISSION = re.compile(
    r"\bbáo cáo\b[^;,]*\b(gửi|nộp)?\s*(chậm|trễ|muộn)\b"
    r"|\b(gửi|nộp)\s+báo cáo\b[^;,]*\b(chậm|trễ|muộn)\b"
    r"|\bchưa\s+(gửi|nộp)\s+báo cáo\b",
    re.IGNORECASE)


def about_submission(clause: str) -> bool:
    """True for a clause on a report's late or missing submission."""
    return bool(_SUBMISSION.search(clause))


def without_submission(text: str) -> str:
    """`text` without the clauses (parts between semicolons, or between commas within a
    clause) that only restate a late or missing report; "" when nothing else is said."""
    kept = []
    for clause in text.split(";"):
        if not about_submission(clause):
            kept.append(clause.strip())
            continue
        parts = [part.strip() for part in clause.split(",")]
        rest = [part for part in parts if not about_submission(part)]
        # Parts that only qualify the dropped one ("so với thời hạn") go with it.
        if rest and len(rest) < len(parts) and all(len(part.split()) > 2 for part in rest):
            kept.append(", ".join(rest))
    kept = [clause for clause in kept if clause]
    if not kept:
        return ""
    joined = "; ".join(kept)
    return joined[:1].upper() + joined[1:]
