"""The floor of `dvcq report`: a table written straight into a .docx's document.xml.

    python benchmarks/docx_floor.py extract REPORT.docx CELLS.json BASE.docx
    python benchmarks/docx_floor.py synthetic TEMPLATE.docx PERIOD_DIR CELLS.json BASE.docx
    python benchmarks/docx_floor.py floor BASE.docx CELLS.json OUT.docx
    python benchmarks/docx_floor.py add-row BASE.docx CELLS.json OUT.docx

`extract` finds the annex table of a report dvcq wrote (the table with the most rows), saves
its cells as JSON, and saves a copy of the report with that table cut out (BASE.docx), and
the table's properties and a data row's cell, paragraph and run properties beside it
(BASE.docx.row.json). `synthetic` does the same before `dvcq report` exists: the cells are
one row per assessment file of the period (STT, unit, submission, the six indicators of the
example plan, activities) and BASE.docx is the packaged report template with its annex
table cut out.

`floor` times, inside the process (no interpreter start-up, no JSON reading), what the
issue calls the floor: build the table's `<w:tbl>` as one string (every cell with the
paragraph, run and cell properties of the original table) and write a copy of BASE.docx
whose document.xml has the table in place, with zipfile. `add-row` times the same table
built with python-docx's `Table.add_row` and `Document.save`, for reference. Both print the
seconds (wall clock and CPU) as one JSON line.
"""

from __future__ import annotations

import json
import re
import sys
import time
import zipfile
from pathlib import Path

DOCUMENT = "word/document.xml"
MARKER = "<!--dvcq-benchmark-annex-->"
_TAG = re.compile(r"<(/?)w:(tbl|tr|tc)\b[^>]*?(/?)>")
_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|<w:t\s*/>")
_PARA = re.compile(r"<w:p\b.*?</w:p>|<w:p\b[^>]*/>", re.S)


def _spans(xml: str, tag: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Outermost <w:tag>…</w:tag> spans between start and end (nesting respected)."""
    end = len(xml) if end is None else end
    spans, depth, opened = [], 0, 0
    for match in _TAG.finditer(xml, start, end):
        closing, name, empty = match.group(1), match.group(2), match.group(3)
        if name != tag or empty:
            continue
        if not closing:
            if depth == 0:
                opened = match.start()
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                spans.append((opened, match.end()))
    return spans


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _first(pattern: str, xml: str) -> str:
    match = re.search(pattern, xml, re.S)
    return match.group(0) if match else ""


def cell_texts(cell_xml: str) -> str:
    paragraphs = _PARA.findall(cell_xml)
    return "\n".join("".join(_unescape(t) for t in _TEXT.findall(p)) for p in paragraphs)


def row_format(table_xml: str, row_xml: str) -> dict[str, object]:
    """What the floor repeats: table head (tblPr, tblGrid), trPr, and per column tcPr/pPr/rPr."""
    first_row = _spans(table_xml, "tr")[0][0]
    columns = []
    for start, end in _spans(row_xml, "tc"):
        cell = row_xml[start:end]
        columns.append({"tcPr": _first(r"<w:tcPr\b.*?</w:tcPr>", cell),
                        "pPr": _first(r"<w:pPr\b.*?</w:pPr>", cell),
                        "rPr": _first(r"<w:rPr\b.*?</w:rPr>", cell)})
    return {"head": table_xml[len(_first(r"<w:tbl\b[^>]*>", table_xml)):first_row],
            "trPr": _first(r"<w:trPr\b.*?</w:trPr>", row_xml), "columns": columns}


def choose_row(rows: list[str]) -> str:
    """The row whose format the floor repeats: a template's data row, else a middle row."""
    for index, row in enumerate(rows[:-1]):
        if "{%tr for" in cell_texts(row):
            return rows[index + 1]
    return rows[len(rows) // 2]


def _cut_table(docx: Path, base: Path, pick) -> tuple[list[list[str]], dict[str, object]]:
    with zipfile.ZipFile(docx) as source:
        xml = source.read(DOCUMENT).decode("utf-8")
        tables = _spans(xml, "tbl")
        start, end = pick(xml, tables)
        table = xml[start:end]
        rows = [table[a:b] for a, b in _spans(table, "tr")]
        cells = [[cell_texts(row[a:b]) for a, b in _spans(row, "tc")] for row in rows]
        fmt = row_format(table, choose_row(rows))
        with zipfile.ZipFile(base, "w", zipfile.ZIP_DEFLATED) as out:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == DOCUMENT:
                    data = (xml[:start] + MARKER + xml[end:]).encode("utf-8")
                out.writestr(info, data)
    Path(str(base) + ".row.json").write_text(json.dumps(fmt), encoding="utf-8")
    return cells, fmt


def extract_table(report: Path, cells_path: Path, base: Path) -> dict[str, int]:
    """What `extract` does, without printing: the shape of the table cut out."""
    def most_rows(xml: str, tables: list[tuple[int, int]]) -> tuple[int, int]:
        return max(tables, key=lambda span: xml.count("<w:tr", *span))

    cells, _fmt = _cut_table(report, base, most_rows)
    cells_path.write_text(json.dumps(cells, ensure_ascii=False), encoding="utf-8")
    return {"rows": len(cells), "columns": max(map(len, cells))}


def extract(report: Path, cells_path: Path, base: Path) -> int:
    print(json.dumps(extract_table(report, cells_path, base)))
    return 0


def synthetic(template: Path, period_dir: Path, cells_path: Path, base: Path) -> int:
    """Cells of the annex the report will have: one row per unit that submitted."""
    import yaml

    def annex(xml: str, tables: list[tuple[int, int]]) -> tuple[int, int]:
        named = [span for span in tables if "annex_rows" in xml[span[0]:span[1]]]
        return named[0] if named else max(tables, key=lambda s: xml.count("<w:tr", *s))

    _cells, fmt = _cut_table(template, base, annex)
    with (period_dir.parent / "plan.yaml").open("rb") as handle:
        plan = yaml.load(handle.read(), Loader=yaml.CSafeLoader)
    unit_names = {unit["id"]: unit["name"] for unit in plan["units"]}
    names = {"tot": "Tốt", "kha": "Khá", "trung_binh": "Trung bình", "yeu": "Yếu"}
    rows = [["STT", "Đơn vị", "Tình hình gửi báo cáo", "Quán triệt", "Triển khai đầy đủ",
             "Dân vận khéo", "Quy chế dân chủ", "Số CCVC", "Số CCVC được quán triệt",
             "Số hoạt động trong kỳ"]]
    for number, path in enumerate(sorted(period_dir.glob("*.yaml")), start=1):
        with path.open("rb") as handle:
            data = yaml.load(handle.read(), Loader=yaml.CSafeLoader)
        ind = data["indicators"]
        day = data["submitted"]
        sent = f"Đã gửi ngày {day.day:02d}/{day.month}/{day.year}"
        marks = ["x" if ind[key] else "" for key in ("quan_triet", "trien_khai_day_du",
                                                      "dan_van_kheo")]
        rows.append([str(number), unit_names[data["unit"]], sent, *marks, names[ind["qcdc"]],
                     str(ind["so_ccvc"]), str(ind["so_ccvc_quan_triet"]),
                     str(len(data.get("activities", [])))])
    # The template's annex row holds a {%tc for value%} loop: cells 3 and 5 are its tags,
    # cell 4 the format of every indicator column, the last cell the activities column.
    columns = list(fmt["columns"])  # type: ignore[call-overload]
    if len(columns) == 7:
        columns = columns[:3] + [columns[4]] * (len(rows[0]) - 4) + [columns[6]]
    fmt["columns"] = columns
    Path(str(base) + ".row.json").write_text(json.dumps(fmt), encoding="utf-8")
    cells_path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    print(json.dumps({"rows": len(rows), "columns": len(rows[0])}))
    return 0


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def load_floor(base: Path, cells_path: Path) -> tuple[list[list[str]], dict]:
    """The table's cells and its format, read before any clock starts."""
    cells = json.loads(cells_path.read_text(encoding="utf-8"))
    fmt = json.loads(Path(str(base) + ".row.json").read_text(encoding="utf-8"))
    return cells, fmt


def time_floor(base: Path, cells: list[list[str]], fmt: dict, out: Path) -> tuple[float, float]:
    """One run of the floor: (wall clock, CPU) seconds."""
    started, cpu = time.perf_counter(), time.process_time()
    columns = fmt["columns"]
    # Per column, the cell up to the text and from the text on: one format() per paragraph.
    opens = [f"<w:tc>{c['tcPr']}" for c in columns]
    para = [f"<w:p>{c['pPr']}<w:r>{c['rPr']}<w:t xml:space=\"preserve\">" for c in columns]
    close_p = "</w:t></w:r></w:p>"
    row_open = f"<w:tr>{fmt['trPr']}"
    parts = [f"<w:tbl>{fmt['head']}"]
    for row in cells:
        parts.append(row_open)
        for index, text in enumerate(row):
            column = min(index, len(columns) - 1)
            parts.append(opens[column])
            for line in text.split("\n"):
                parts.append(para[column] + _escape(line) + close_p)
            parts.append("</w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    table = "".join(parts)
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == DOCUMENT:
                data = data.decode("utf-8").replace(MARKER, table, 1).encode("utf-8")
            dest.writestr(info, data)
    return time.perf_counter() - started, time.process_time() - cpu


def floor(base: Path, cells_path: Path, out: Path) -> int:
    cells, fmt = load_floor(base, cells_path)
    seconds, cpu = time_floor(base, cells, fmt, out)
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rows": len(cells)}))
    return 0


def add_row(base: Path, cells_path: Path, out: Path) -> int:
    cells = json.loads(cells_path.read_text(encoding="utf-8"))
    import docx  # imported before the clock starts: the floor imports nothing either

    started, cpu = time.perf_counter(), time.process_time()
    document = docx.Document(str(base))
    table = document.add_table(rows=0, cols=max(map(len, cells)))
    for row in cells:
        for cell, text in zip(table.add_row().cells, row, strict=False):
            cell.text = text
    document.save(str(out))
    print(json.dumps({"seconds": time.perf_counter() - started,
                      "cpu": time.process_time() - cpu, "rows": len(cells)}))
    return 0


def main(argv: list[str]) -> int:
    commands = {"extract": extract, "synthetic": synthetic, "floor": floor, "add-row": add_row}
    if not argv or argv[0] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    return commands[argv[0]](*map(Path, argv[1:]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
