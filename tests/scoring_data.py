"""A small scoring workspace: the mini plan scored against a small criteria set in 6m."""

from __future__ import annotations

from conftest import MINI_ASSESSMENT, MINI_PLAN

PLAN = MINI_PLAN + """\
scoring:
  criteria: mini-12-2024
  period: 6m
"""

CRITERIA = """\
id: mini-12-2024
decision:
  symbol: 12/QĐ-UBND
  date: 2024-05-02
  issuer: UBND tỉnh Bình Phước
  title: Tiêu chí đánh giá công tác dân vận
total: 100
groups:
  - id: I
    title: Lãnh đạo, chỉ đạo
    criteria:
      - id: tc1
        title: Quán triệt, triển khai
        max: 40
        evidence: [Kế hoạch của đơn vị]
      - id: tc2
        title: Thực hiện dân chủ ở cơ sở
        max: 60
bonus:
  cap: 5
  items:
    - {id: mo_hinh, text: Mô hình được công nhận, max: 3}
    - {id: sang_kien, text: Sáng kiến được áp dụng, max: 3}
deductions:
  cap: 10
  items:
    - {id: tre_han, text: Gửi báo cáo trễ hạn, max: 2}
grades:
  - {id: tot, label: Tốt, at_least: 90}
  - {id: kha, label: Khá, at_least: 70}
  - {id: yeu, label: Yếu, at_least: 0}
conditions:
  - {id: ky_luat, text: Người đứng đầu bị kỷ luật trong năm, best_grade: kha}
  - {id: vi_pham, text: Vi phạm nghiêm trọng về dân chủ ở cơ sở, no_grade: true}
"""

SCORES = """\
scores:
  criteria:
    tc1:
      points: {tc1}
      explanation: Đã ban hành kế hoạch và quán triệt
      evidence: [Kế hoạch số 05/KH-VP]
    tc2:
      points: {tc2}
"""


def assessment(unit: str, tc1: int | str = 36, tc2: int | str = 54, extra: str = "") -> str:
    return MINI_ASSESSMENT.format(unit=unit) + SCORES.format(tc1=tc1, tc2=tc2) + extra


def workspace(**files: str) -> dict[str, str]:
    """The plan, the set, and vp and tccb scored 90 each; `files` adds or replaces."""
    tree = {
        "plans/2025/plan.yaml": PLAN,
        "plans/criteria/mini-12-2024.yaml": CRITERIA,
        "plans/2025/6m/vp.yaml": assessment("vp"),
        "plans/2025/6m/tccb.yaml": assessment("tccb"),
    }
    tree.update({path.replace("__", "/"): text for path, text in files.items()})
    return tree

APPRAISAL = """\
council: Tổ thẩm định công tác dân vận của Sở
date: 2025-06-20
units:
  vp:
    criteria:
      tc2:
        points: 50
        reason: Chưa tổ chức hội nghị cán bộ, công chức đúng thời hạn
"""

MODELS = """\
models:
  - id: mh_mot_cua
    name: Một cửa thân thiện
    unit: vp
    field: van_hoa_xa_hoi
    kind: mo_hinh
    registered: 2024-11-20
    running: 2025-01-05
    effective: 2025-05-30
    recognised: {date: 2025-06-05, decision: Quyết định số 88/QĐ-SNV ngày 05/6/2025}
  - id: dh_can_bo
    name: Cán bộ tận tụy
    unit: tccb
    field: xay_dung_he_thong_chinh_tri
    kind: dien_hinh
    registered: 2025-02-10
    running: 2025-02-15
  - id: mh_dung
    name: Mô hình đã dừng
    unit: tccb
    field: kinh_te
    kind: mo_hinh
    registered: 2025-01-10
    stopped: {date: 2025-04-01, reason: Không còn phù hợp}
"""
