"""Generate a realistic dvcq workspace of N units × 3 periods, for the benchmark.

    python benchmarks/generate.py --units N --out DIR [--seed S] [--force]

writes DIR/plans/2024/plan.yaml — the example plan of this repository (plans/2024/plan.yaml,
Kế hoạch 294/KH-VP) with its `units:` list replaced by N units — with the criteria sets it
scores with (DIR/plans/criteria/), and one self-assessment per
unit and period, DIR/plans/2024/{6m,9m,12m}/<unit>.yaml. Each assessment is 2–4 KB of
Vietnamese text shaped like the example ones: indicators, 2–8 activities with tasks, kinds,
dates inside the period's window, participants and evidence, then strengths, shortcomings,
causes, proposals and next tasks. The first 15 units are the example's own (so `hctc`, which
the plan names as the report's preparer, exists); the others are agencies of a province:
departments, their divisions, district and commune People's Committees, schools, health
stations. Every file passes `dvcq check` without an error; the 12m files carry no
self-scores, so each gets the `scores-missing` warning of a unit's unscored file. The output
depends only on N and the seed. 30,000 files take a few seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_PLAN = REPO / "plans" / "2024" / "plan.yaml"
# The criteria sets the example plan scores with: without them the plan has an error, and
# status and report would measure their refusal instead of their work.
EXAMPLE_CRITERIA = REPO / "plans" / "criteria"
GENERATOR_VERSION = 1
YEAR = 2024
PERIODS = {  # id: (label as in the plan, first activity day, window end, submit_by)
    "6m": ("6 tháng đầu năm 2024", date(2024, 1, 2), date(2024, 6, 14), date(2024, 6, 10)),
    "9m": ("9 tháng năm 2024", date(2024, 1, 2), date(2024, 9, 14), date(2024, 9, 10)),
    "12m": ("năm 2024", date(2024, 1, 2), date(2024, 12, 14), date(2024, 12, 10)),
}
PLAN_ISSUED = date(2024, 4, 10)
MIN_BYTES, MAX_BYTES = 2048, 4096
WIDTH = 96  # folded text lines stay under this many characters, like the example files

# ---------------------------------------------------------------- names
EXAMPLE_UNITS = [
    ("hctc", "Phòng Hành chính – Tổ chức", "phong", "Trưởng phòng"),
    ("qttv", "Phòng Quản trị – Tài vụ", "phong", "Trưởng phòng"),
    ("tong_hop", "Phòng Tổng hợp", "phong", "Trưởng phòng"),
    ("kinh_te", "Phòng Kinh tế", "phong", "Trưởng phòng"),
    ("kinh_te_nganh", "Phòng Kinh tế ngành", "phong", "Trưởng phòng"),
    ("kgvx", "Phòng Khoa giáo – Văn xã", "phong", "Trưởng phòng"),
    ("noi_chinh", "Phòng Nội chính", "phong", "Trưởng phòng"),
    ("kstthc", "Phòng Kiểm soát thủ tục hành chính", "phong", "Trưởng phòng"),
    ("thu_ky_bien_tap", "Phòng Thư ký – Biên tập", "phong", "Trưởng phòng"),
    ("van_thu_luu_tru", "Phòng Văn thư – Lưu trữ", "phong", "Trưởng phòng"),
    ("tiep_cong_dan", "Ban Tiếp công dân tỉnh", "ban", "Trưởng ban"),
    ("tthcc", "Trung tâm Hành chính công tỉnh", "trung_tam", "Giám đốc"),
    ("cong_bao_tin_hoc", "Trung tâm Công báo – Tin học", "trung_tam", "Giám đốc"),
    ("nha_khach", "Trung tâm Hội nghị và Nhà khách tỉnh", "trung_tam", "Giám đốc"),
    ("cong_ttdt", "Cổng thông tin điện tử tỉnh", "cong_thong_tin", "Giám đốc"),
]
DEPARTMENTS = [
    ("Sở Nội vụ", "snv"), ("Sở Tài chính", "stc"), ("Sở Kế hoạch và Đầu tư", "skhdt"),
    ("Sở Tư pháp", "stp"), ("Sở Y tế", "syt"), ("Sở Giáo dục và Đào tạo", "sgddt"),
    ("Sở Xây dựng", "sxd"), ("Sở Giao thông vận tải", "sgtvt"),
    ("Sở Tài nguyên và Môi trường", "stnmt"), ("Sở Nông nghiệp và Phát triển nông thôn", "snnptnt"),
    ("Sở Công Thương", "sct"), ("Sở Văn hóa, Thể thao và Du lịch", "svhttdl"),
    ("Sở Thông tin và Truyền thông", "stttt"), ("Sở Lao động – Thương binh và Xã hội", "sldtbxh"),
    ("Sở Khoa học và Công nghệ", "skhcn"), ("Thanh tra tỉnh", "ttt"), ("Ban Dân tộc tỉnh", "bdt"),
]
DIVISIONS = ["Văn phòng", "Phòng Tổ chức cán bộ", "Phòng Kế hoạch – Tài chính", "Thanh tra",
             "Phòng Pháp chế", "Phòng Quản lý chuyên ngành", "Phòng Nghiệp vụ"]
DISTRICTS = ["Biên Hòa", "Long Khánh", "Long Thành", "Nhơn Trạch", "Trảng Bom", "Thống Nhất",
             "Cẩm Mỹ", "Xuân Lộc", "Định Quán", "Tân Phú", "Vĩnh Cửu"]
DISTRICT_KIND = {"Biên Hòa": "thành phố", "Long Khánh": "thành phố"}
DISTRICT_DIVISIONS = ["Phòng Nội vụ", "Phòng Tài chính – Kế hoạch", "Phòng Tư pháp",
                      "Phòng Tài nguyên và Môi trường", "Phòng Văn hóa và Thông tin",
                      "Phòng Lao động – Thương binh và Xã hội", "Phòng Giáo dục và Đào tạo",
                      "Phòng Kinh tế", "Phòng Quản lý đô thị", "Văn phòng HĐND và UBND"]
SYLLABLES = ["An", "Bình", "Phước", "Long", "Tân", "Hòa", "Thạnh", "Phú", "Hiệp", "Xuân",
             "Thành", "Đông", "Tây", "Lộc", "Hưng", "Thịnh", "Vĩnh", "Gia", "Trung", "Thái",
             "Mỹ", "Đức", "Quang", "Sơn", "Lâm", "Thuận", "Lợi", "Khánh", "Nhơn", "Định",
             "Cường", "Hội", "Thiền", "Tân", "Kiệm", "Bửu", "Trị", "Hải", "Nghĩa", "Tiến"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
            "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương"]
MIDDLES = ["Văn", "Thị", "Minh", "Hoàng", "Thanh", "Ngọc", "Quốc", "Thu", "Kim", "Đức",
           "Hữu", "Thị Thu", "Thị Kim", "Công", "Xuân"]
GIVEN = ["Anh", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Lan", "Long",
         "Mai", "Nam", "Nga", "Oanh", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Thủy", "Trang",
         "Tuấn", "Vân", "Yến", "Đạt", "Hiếu", "Khoa", "Lộc", "Nhung", "Phương", "Thắng"]


def ascii_id(text: str) -> str:
    # The repository's own slug (đ handled), with '_' as the separator of ids.
    from dvcq_cli.vietnamese import ascii_slug

    return ascii_slug(text).replace("-", "_")


def place_name(rng: random.Random) -> str:
    first, second = rng.sample(SYLLABLES, 2)
    return f"{first} {second}"


def province_unit(index: int, rng: random.Random) -> tuple[str, str, str, str, str]:
    """(id, name, kind, head, word the unit calls itself in running text)."""
    roll = rng.random()
    district = rng.choice(DISTRICTS)
    dist = f"{DISTRICT_KIND.get(district, 'huyện')} {district}"
    if roll < 0.03:
        dept, code = rng.choice(DEPARTMENTS)
        name, prefix, kind, head, word = dept, code, "khac", "Giám đốc", "cơ quan"
    elif roll < 0.10:
        dept, code = rng.choice(DEPARTMENTS)
        division = rng.choice(DIVISIONS)
        name = f"{division} {dept}"
        prefix, kind, head, word = f"{code}_{ascii_id(division)}", "phong", "Trưởng phòng", "phòng"
    elif roll < 0.22:
        division = rng.choice(DISTRICT_DIVISIONS)
        name = f"{division} {dist}"
        prefix = f"{ascii_id(division)}_{ascii_id(district)}"
        kind, head, word = "phong", "Trưởng phòng", "phòng"
    elif roll < 0.55:
        level = rng.choices(["xã", "phường", "thị trấn"], weights=[7, 2, 1])[0]
        if level == "phường":  # wards are only in the cities
            district = rng.choice(sorted(DISTRICT_KIND))
            dist = f"{DISTRICT_KIND[district]} {district}"
        place = place_name(rng)
        name = f"UBND {level} {place}, {dist}"
        prefix = f"ubnd_{ascii_id(level)}_{ascii_id(place)}"
        kind, head, word = "khac", "Chủ tịch", level
    elif roll < 0.85:
        level = rng.choice(["Tiểu học", "THCS", "THPT", "Mầm non"])
        place = place_name(rng)
        name = f"Trường {level} {place}, {dist}"
        prefix = f"{ascii_id(level)}_{ascii_id(place)}"
        kind, head, word = "khac", "Hiệu trưởng", "trường"
    elif roll < 0.95:
        place = place_name(rng)
        name = f"Trạm Y tế xã {place}, {dist}"
        prefix, kind, head, word = f"tram_y_te_{ascii_id(place)}", "khac", "Trưởng trạm", "trạm"
    else:
        what = rng.choice(["Trung tâm Y tế", "Trung tâm Văn hóa, Thông tin và Thể thao",
                           "Trung tâm Dịch vụ nông nghiệp", "Ban Quản lý dự án đầu tư xây dựng"])
        name = f"{what} {dist}"
        kind = "ban" if what.startswith("Ban") else "trung_tam"
        head = "Trưởng ban" if kind == "ban" else "Giám đốc"
        prefix, word = ascii_id(what.split(",")[0])[:16], "đơn vị"
    suffix = f"_{index:05d}"
    unit_id = (prefix[: 40 - len(suffix)].rstrip("_") + suffix)
    return unit_id, name, kind, head, word


def make_units(n: int, rng: random.Random) -> list[tuple[str, str, str, str, str]]:
    units = []
    for unit_id, name, kind, head in EXAMPLE_UNITS[:n]:
        units.append((unit_id, name, kind, head, "phòng" if kind == "phong" else "đơn vị"))
    for index in range(len(units), n):
        units.append(province_unit(index, rng))
    return units


# ---------------------------------------------------------------- the plan
def plan_text(units: list[tuple[str, str, str, str, str]], seed: int) -> str:
    """The example plan with its `units:` list replaced; everything else as written."""
    lines = EXAMPLE_PLAN.read_text(encoding="utf-8").splitlines()
    start = lines.index("units:")
    end = start + 1
    while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
        end += 1
    while not lines[end - 1].strip():  # keep the blank line before the next section
        end -= 1
    block = ["units:"]
    for unit_id, name, kind, head, _word in units:
        block += [f"  - id: {unit_id}", f"    name: {name}", f"    kind: {kind}",
                  f"    head: {head}"]
    header = [f"# Sinh tự động cho benchmark (benchmarks/generate.py, {len(units)} đơn vị, "
              f"seed {seed}) từ plans/2024/plan.yaml.",
              "# Generated for the benchmark from the example plan; only `units:` differs.", ""]
    return "\n".join(header + lines[:start] + block + lines[end:]) + "\n"


# ---------------------------------------------------------------- assessments
# kind: (tasks it serves, text templates, evidence templates, has participants)
ACTIVITIES: dict[str, tuple[tuple[str, ...], list[str], list[str], bool]] = {
    "hoi_nghi": (("1", "2.đ"), [
        "Tổ chức quán triệt Kế hoạch số 294/KH-VP ngày 08/4/2024 của Văn phòng UBND tỉnh đến toàn "
        "thể cán bộ, công chức, viên chức và người lao động của {word}; đưa nhiệm vụ công tác dân "
        "vận vào chương trình công tác năm 2024",
        "Tổ chức Hội nghị cán bộ, công chức, viên chức năm 2024; lấy ý kiến về dự thảo Quy chế "
        "thực hiện dân chủ, Quy chế chi tiêu nội bộ và Quy chế quản lý tài sản công của {word}",
        "Sinh hoạt chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh với "
        "nội dung “Trọng dân, gần dân, hiểu dân, học dân và có trách nhiệm với dân”",
        "Hội nghị sơ kết công tác dân vận chính quyền và thực hiện quy chế dân chủ ở cơ sở; "
        "đánh giá kết quả, chỉ ra hạn chế và đề ra nhiệm vụ trọng tâm thời gian tới",
    ], ["Biên bản hội nghị ngày {day}", "Nghị quyết Hội nghị cán bộ, công chức, viên chức năm 2024",
        "Danh sách cán bộ, công chức, viên chức tham dự"], True),
    "tuyen_truyen": (("1", "2.c"), [
        "Tuyên truyền, phổ biến Nghị quyết số 43-NQ/TW ngày 24/11/2023 về phát huy sức mạnh đại "
        "đoàn kết toàn dân tộc đến {n} cán bộ, công chức, viên chức qua hội nghị và nhóm Zalo",
        "Đăng tải {n} tin, bài về công tác dân vận chính quyền, cải cách hành chính và gương người "
        "tốt việc tốt trên trang thông tin điện tử và bảng tin của {word}",
        "Tuyên truyền Luật Thực hiện dân chủ ở cơ sở năm 2022 và các văn bản hướng dẫn; phát tài "
        "liệu hỏi – đáp cho công chức, viên chức và người dân đến giao dịch",
    ], ["Kế hoạch tuyên truyền số {num}/KH-{code} ngày {day}", "Báo cáo kết quả tuyên truyền",
        "Ảnh chụp các tin, bài đã đăng"], True),
    "doi_thoai": (("2.a",), [
        "Người đứng đầu {word} đối thoại trực tiếp với người dân về bồi thường, hỗ trợ, tái định "
        "cư dự án đường giao thông; tiếp nhận {n} ý kiến, giải thích và trả lời tại chỗ",
        "Tổ chức tiếp công dân định kỳ; tiếp {n} lượt công dân, hướng dẫn và giải quyết kịp thời "
        "các kiến nghị chính đáng, không để phát sinh khiếu nại vượt cấp",
        "Phối hợp Ủy ban Mặt trận Tổ quốc tổ chức hội nghị đối thoại với đoàn viên, hội viên về "
        "thủ tục cấp giấy chứng nhận quyền sử dụng đất",
    ], ["Thông báo kết luận buổi đối thoại ngày {day}", "Sổ tiếp công dân",
        "Biên bản đối thoại ngày {day}"], True),
    "cai_cach_hanh_chinh": (("2.b",), [
        "Rà soát, đề xuất đơn giản hóa {n} thủ tục hành chính; tiếp nhận và trả kết quả qua dịch "
        "vụ bưu chính công ích, tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 98%",
        "Triển khai thanh toán trực tuyến phí, lệ phí; hướng dẫn người dân nộp hồ sơ trực tuyến "
        "toàn trình trên Cổng Dịch vụ công quốc gia tại bộ phận một cửa",
        "Niêm yết số điện thoại đường dây nóng, hộp thư góp ý; khảo sát sự hài lòng của {n} lượt "
        "người dân, tổ chức đối với việc giải quyết thủ tục hành chính",
    ], ["Báo cáo rà soát, đơn giản hóa thủ tục hành chính",
        "Quyết định số {num}/QĐ-{code} ngày {day}", "Kết quả khảo sát sự hài lòng quý II/2024"],
        False),
    "cong_khai": (("2.d",), [
        "Công khai dự toán, quyết toán ngân sách, chế độ chính sách đối với cán bộ, công chức, "
        "viên chức tại hội nghị và trên bảng tin của {word}",
        "Cập nhật, công khai đầy đủ thủ tục hành chính, phí, lệ phí tại bộ phận một cửa và trên "
        "trang thông tin điện tử; công khai kết quả giải quyết hồ sơ",
        "Công khai kế hoạch nâng lương, thi đua, khen thưởng và kết quả đánh giá, xếp loại cán "
        "bộ, công chức, viên chức năm 2023",
    ], ["Biên bản niêm yết công khai ngày {day}", "Thông báo số {num}/TB-{code} ngày {day}"],
        False),
    "kiem_tra_giam_sat": (("2.đ",), [
        "Ban Thanh tra nhân dân giám sát việc thực hiện quy chế dân chủ, quy chế chi tiêu nội bộ "
        "và việc giải quyết chế độ, chính sách cho người lao động",
        "Kiểm tra việc thực hiện văn hóa công sở, quy tắc ứng xử của cán bộ, công chức tại bộ phận "
        "tiếp nhận và trả kết quả; chấn chỉnh {n} trường hợp",
        "Tự kiểm tra việc thực hiện công tác dân vận chính quyền theo Quyết định số 3225/QĐ-UBND "
        "ngày 12/9/2018 của UBND tỉnh; lập báo cáo tự chấm điểm",
    ], ["Báo cáo kết quả giám sát của Ban Thanh tra nhân dân",
        "Thông báo kết quả kiểm tra ngày {day}"], False),
    "thi_dua": (("3.a", "3.b"), [
        "Phát động phong trào thi đua yêu nước năm 2024 gắn với phong trào thi đua “Dân vận "
        "khéo”; {n} tập thể, cá nhân đăng ký giao ước thi đua",
        "Hưởng ứng phong trào “Toàn tỉnh chung sức xây dựng nông thôn mới”; vận động cán bộ, công "
        "chức, viên chức tham gia ngày công lao động làm đường giao thông nông thôn",
    ], ["Kế hoạch phát động thi đua số {num}/KH-{code}", "Danh sách đăng ký thi đua năm 2024"],
        True),
    "mo_hinh_dan_van_kheo": (("3.c",), [
        "Duy trì mô hình “Dân vận khéo” “Một lần hỏi – trọn câu trả lời”: công chức hướng dẫn "
        "người dân về thủ tục hành chính qua điện thoại và Zalo trong ngày",
        "Xây dựng mô hình “Dân vận khéo” “Đồng hành cùng người dân”: mỗi công chức phụ trách, hỗ "
        "trợ {n} hộ gia đình thực hiện dịch vụ công trực tuyến",
        "Biểu dương, nhân rộng điển hình “Dân vận khéo” trong thực thi công vụ; giới thiệu {n} "
        "mô hình tiêu biểu đề nghị cấp trên khen thưởng",
    ], ["Kế hoạch xây dựng mô hình “Dân vận khéo” năm 2024", "Báo cáo kết quả thực hiện mô hình"],
        False),
    "an_sinh": (("3.a",), [
        "Vận động cán bộ, công chức, viên chức ủng hộ Quỹ “Vì người nghèo”, tặng {n} phần quà cho "
        "hộ nghèo, hộ cận nghèo và gia đình chính sách trên địa bàn",
        "Tổ chức thăm hỏi, tặng quà gia đình chính sách nhân kỷ niệm Ngày Thương binh – Liệt sĩ "
        "27/7; ủng hộ đồng bào các tỉnh phía Bắc bị thiệt hại do bão số 3",
    ], ["Biên bản trao quà ngày {day}", "Danh sách hộ được hỗ trợ"], True),
}
KINDS = list(ACTIVITIES)
STRENGTHS = [
    "Người đứng đầu quan tâm chỉ đạo; kế hoạch được quán triệt kịp thời đến cán bộ, công chức.",
    "Quy chế dân chủ được thực hiện nghiêm túc; các nội dung được công khai đúng quy định.",
    "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn cao; không có khiếu nại vượt cấp.",
    "Tinh thần, thái độ phục vụ người dân của cán bộ, công chức có chuyển biến tích cực.",
    "Phong trào thi đua “Dân vận khéo” được triển khai rộng khắp, có mô hình hiệu quả.",
]
SHORTCOMINGS = [
    "Một số nội dung tuyên truyền còn hình thức, chưa phong phú về cách làm.",
    "Việc xây dựng, nhân rộng mô hình “Dân vận khéo” còn chậm.",
    "Một số hồ sơ thủ tục hành chính còn trễ hạn do phải lấy ý kiến nhiều cơ quan.",
    "Báo cáo định kỳ đôi khi gửi chậm, số liệu minh chứng chưa đầy đủ.",
]
CAUSES = [
    "Cán bộ phụ trách công tác dân vận đều kiêm nhiệm, khối lượng công việc chuyên môn lớn.",
    "Kinh phí cho hoạt động dân vận còn hạn chế; cơ sở vật chất chưa đáp ứng yêu cầu.",
    "Một bộ phận người dân chưa quen sử dụng dịch vụ công trực tuyến.",
]
PROPOSALS = [
    "Đề nghị cấp trên tổ chức tập huấn nghiệp vụ công tác dân vận cho cán bộ kiêm nhiệm.",
    "Đề nghị bố trí kinh phí cho các hoạt động dân vận, an sinh xã hội của cơ quan, đơn vị.",
    "Đề nghị tăng cường tuyên truyền lợi ích của dịch vụ công trực tuyến trên báo, đài.",
]
NEXT_TASKS = [
    "Tiếp tục thực hiện tốt quy chế dân chủ ở cơ sở và văn hóa công sở.",
    "Đăng ký, xây dựng mô hình “Dân vận khéo” năm 2025.",
    "Tổng hợp, báo cáo kết quả thực hiện công tác Dân vận chính quyền đúng hạn.",
    "Sơ kết, biểu dương các tập thể, cá nhân tiêu biểu trong phong trào thi đua.",
]
CODES = ["UBND", "VP", "SNV", "PNV", "SYT", "SGDĐT", "STP", "TTYT", "BQLDA"]


def short_date(d: date) -> str:
    from dvcq_cli.vietnamese import format_date_short

    return format_date_short(d)


def folded(text: str, indent: int) -> list[str]:
    """`>-` block lines, greedy-wrapped (textwrap is too slow for 30,000 files)."""
    pad = " " * indent
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) + indent > WIDTH:
            lines.append(pad + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(pad + current)
    return lines


def text_item(text: str, indent: int) -> list[str]:
    """One list item: plain when short, folded when long."""
    pad = " " * indent
    if len(text) + indent + 2 <= WIDTH:
        return [f"{pad}- {text}"]
    return [f"{pad}- >-", *folded(text, indent + 4)]


def activity_block(rng: random.Random, period: str, word: str) -> tuple[date, list[str]]:
    _label, first, last, _submit = PERIODS[period]
    kind = rng.choice(KINDS)
    tasks, texts, evidence, has_people = ACTIVITIES[kind]
    template = rng.choice(texts)
    if "294/KH-VP" in template:  # nothing quotes the plan before it was issued (08/4/2024)
        first = max(first, PLAN_ISSUED)
    day = first + timedelta(days=rng.randrange((last - first).days + 1))
    fill = {"word": word, "n": rng.randint(3, 120), "day": short_date(day),
            "num": rng.randint(12, 980), "code": rng.choice(CODES)}
    lines = [f'  - task: "{rng.choice(tasks)}"', f"    date: {day.isoformat()}",
             f"    kind: {kind}", "    text: >-",
             *folded(template.format(**fill), 6)]
    if has_people and rng.random() < 0.7:
        lines.append(f"    participants: {rng.randint(5, 250)}")
    if rng.random() < 0.85:
        lines.append("    evidence:")
        for item in rng.sample(evidence, rng.randint(1, min(2, len(evidence)))):
            lines += text_item(item.format(**fill), 6)
    if rng.random() < 0.25:
        lines.append("    highlight: true")
    return day, lines


def section(key: str, pool: list[str], rng: random.Random, most: int) -> list[str]:
    lines = [f"{key}:"]
    for item in rng.sample(pool, rng.randint(1, most)):
        lines += text_item(item, 2)
    return lines


def size_of(lines: list[str]) -> int:
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def assessment_text(unit: tuple[str, str, str, str, str], period: str,
                    rng: random.Random) -> str:
    unit_id, name, _kind, _head, word = unit
    label, _first, _last, submit_by = PERIODS[period]
    late = rng.random() < 0.05
    submitted = submit_by + timedelta(days=rng.randint(1, 4) if late else -rng.randint(0, 9))
    staff = rng.randint(6, 80)
    # Drawn in the order the lines are written; quan_triet is true only when every staff
    # member was briefed, as the plan's consistency rule `quan_triet_toan_bo` requires.
    briefed_roll = rng.random()
    others = (rng.random(), rng.random(),
              rng.choices(["tot", "kha", "trung_binh", "yeu"], [82, 14, 3, 1])[0])
    briefed = staff - (rng.randint(1, 3) if rng.random() < 0.1 else 0)
    briefed_all = briefed_roll < 0.97 and briefed == staff
    head = [
        "# Dữ liệu sinh tự động cho benchmark — không phải số liệu thật / generated benchmark data",
        f"# Báo cáo tự đánh giá {label} — {name} (Kế hoạch số 294/KH-VP).",
        f"unit: {unit_id}",
        f"period: {period}",
        f"submitted: {submitted.isoformat()}",
        f"signed_by: {rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}",
        "indicators:",
        f"  quan_triet: {'true' if briefed_all else 'false'}",
        f"  trien_khai_day_du: {'true' if others[0] < 0.93 else 'false'}",
        f"  dan_van_kheo: {'true' if others[1] < 0.8 else 'false'}",
        f"  qcdc: {others[2]}",
        f"  so_ccvc: {staff}",
        f"  so_ccvc_quan_triet: {briefed}",
        "activities:",
    ]
    tail = (section("strengths", STRENGTHS, rng, 2) + section("shortcomings", SHORTCOMINGS, rng, 2)
            + section("causes", CAUSES, rng, 1) + section("proposals", PROPOSALS, rng, 2)
            + section("next_tasks", NEXT_TASKS, rng, 2))
    goal = rng.randint(2100, 3500)
    used = size_of(head) + size_of(tail)
    blocks: list[tuple[date, list[str]]] = []
    while len(blocks) < 2 or used < goal:
        day, block = activity_block(rng, period, word)
        if used + size_of(block) > MAX_BYTES - 64:
            if len(blocks) >= 2 and used >= MIN_BYTES:
                break
            continue
        blocks.append((day, block))
        used += size_of(block)
    blocks.sort(key=lambda pair: pair[0])
    body = [line for _day, block in blocks for line in block]
    text = "\n".join(head + body + tail) + "\n"
    assert MIN_BYTES <= len(text.encode("utf-8")) <= MAX_BYTES, (unit_id, period)
    return text


# ---------------------------------------------------------------- the workspace
def generate(units: int, out: Path, seed: int = 2024) -> dict[str, object]:
    """Write the workspace; return what was written (also saved as DIR/.generated.json)."""
    rng = random.Random(seed)
    chosen = make_units(units, rng)
    year_dir = out / "plans" / str(YEAR)
    year_dir.mkdir(parents=True, exist_ok=True)
    (year_dir / "plan.yaml").write_text(plan_text(chosen, seed), encoding="utf-8")
    shutil.copytree(EXAMPLE_CRITERIA, out / "plans" / "criteria", dirs_exist_ok=True)
    total = 0
    for period in PERIODS:
        folder = year_dir / period
        folder.mkdir(exist_ok=True)
        for unit in chosen:
            data = assessment_text(unit, period, rng).encode("utf-8")
            (folder / f"{unit[0]}.yaml").write_bytes(data)
            total += len(data)
    info = {"generator": GENERATOR_VERSION, "units": units, "seed": seed,
            "files": 1 + 3 * units, "assessment_bytes": total}
    (out / ".generated.json").write_text(json.dumps(info) + "\n", encoding="utf-8")
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, required=True, help="number of units (N)")
    parser.add_argument("--out", type=Path, required=True, help="workspace folder to write")
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    parser.add_argument("--force", action="store_true",
                        help="replace DIR/plans if it exists (it is deleted first)")
    args = parser.parse_args(argv)
    if args.units < 1:
        parser.error("--units must be at least 1")
    plans = args.out / "plans"
    if plans.exists():
        if not args.force:
            parser.error(f"{plans} exists; use --force to replace it")
        shutil.rmtree(plans)
    started = time.perf_counter()
    info = generate(args.units, args.out, args.seed)
    print(f"{args.out}: {info['units']} units, {info['files']} files, "
          f"{info['assessment_bytes'] / 1e6:.1f} MB of assessments "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
