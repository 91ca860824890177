"""Time the importer on the sample plans and on generated plans.

    python -m bench.parse_bench [--runs 30]

Prints p50/p95 per document over the runs and the peak memory of one parse
(tracemalloc). Targets: each sample < 0.3 s; a plan of 300 tasks < 1 s in every
form a user uploads (.txt, .docx, .pdf, text copied from a web database: the
.docx and .pdf written by ``tests/make_documents.py`` and LibreOffice, the
web text by ``write_web_text``); 1,000 tasks < 3 s, < 300 MB.
"""

import argparse
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from tests.make_documents import soffice, write_docx, write_pdf, write_web_text
from theodoi.importer import parse_bytes
from theodoi.importer.build import build_plan
from theodoi.importer.readers.text import read_text

PLANS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "plans"
SAMPLES = [
    "000_91be600319c8ab5d.txt",
    "001_6cb26fb914e0f802.txt",
    "nq03-cp-2025.md",
    "hanoi-kh173-2026.txt",
]
HEADER = (
    "TT\tTên nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tKết quả\tThời hạn\tCăn cứ giao nhiệm vụ"
)
LEADS = ["Sở Khoa học và Công nghệ", "Sở Tài chính", "Sở Nội vụ", "Văn phòng UBND tỉnh"]
DEADLINES = ["Tháng 4/2026", "Quý III/2026", "Thường xuyên", "30/6/2026", "Năm 2026"]


def generated_plan(tasks: int = 1000) -> str:
    """A plan in the tab-separated layout with ``tasks`` tasks, sections and page breaks."""
    lines = ["QUYẾT ĐỊNH", "Về việc ban hành Kế hoạch hoạt động năm 2026", "", HEADER]
    for n in range(1, tasks + 1):
        if n % 50 == 1:
            lines.append(f"{roman(n // 50 + 1)}\tNHÓM NHIỆM VỤ {n // 50 + 1}\t\t\t\t\t")
        title = f"Triển khai nhiệm vụ số {n} về chuyển đổi số, đạt tối thiểu {n % 90 + 10}%"
        lines.append(
            f"{n}\t{title}\t{LEADS[n % 4]}\tSở, ban, ngành tỉnh; UBND xã, phường, đặc khu"
            f"\tBáo cáo kết quả thực hiện\t{DEADLINES[n % 5]}\tKế hoạch số 09-KH/BCĐ"
        )
        if n % 7 == 0:
            lines += ["", HEADER, "\tphần tiếp theo của nhiệm vụ\t\t\t\t\t"]
    return "\n".join(lines)


def roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out += letters
            n -= value
    return out


def parse(text: str | bytes, name: str) -> dict:
    if isinstance(text, bytes):
        return parse_bytes(text, name)
    return build_plan(read_text(text, name))


def timings(text: str | bytes, name: str, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        parse(text, name)
        out.append(time.perf_counter() - start)
    return out


def forms_of(text: str, tasks: int) -> list[tuple[str, str | bytes]]:
    """The generated plan as .docx, .pdf (with LibreOffice) and copied web text."""
    raw = read_text(text, "generated.txt")
    out: list[tuple[str, str | bytes]] = []
    with tempfile.TemporaryDirectory() as tmp:
        docx_path = Path(tmp) / "generated.docx"
        write_docx(raw, docx_path)
        out.append((f"generated {tasks} tasks .docx", docx_path.read_bytes()))
        if soffice():
            pdf_path = Path(tmp) / "generated.pdf"
            write_pdf(docx_path, pdf_path)
            out.append((f"generated {tasks} tasks .pdf", pdf_path.read_bytes()))
    out.append((f"generated {tasks} tasks web text", write_web_text(raw).encode()))
    return out


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p * (len(values) - 1)))]


def peak_memory_mb(text: str, name: str) -> float:
    tracemalloc.start()
    parse(text, name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args, _ = parser.parse_known_args()
    print(f"{'document':34s} {'p50 s':>8s} {'p95 s':>8s} {'peak MB':>8s}")
    cases: list[tuple[str, str | bytes]] = [
        (name, (PLANS / name).read_text(encoding="utf-8")) for name in SAMPLES
    ]
    cases.append(("generated 300 tasks .txt", generated_plan(300)))
    cases += forms_of(generated_plan(300), 300)
    cases.append(("generated 1000 tasks (layout 001)", generated_plan(1000)))
    for name, text in cases:
        kind = ".pdf" if name.endswith(".pdf") else ".docx" if name.endswith(".docx") else ".txt"
        runs = timings(text, f"x{kind}", max(3, args.runs // 6) if kind == ".pdf" else args.runs)
        print(
            f"{name:34s} {statistics.median(runs):8.4f} {percentile(runs, 0.95):8.4f}"
            f" {peak_memory_mb(text, f'x{kind}'):8.1f}"
        )
    plan = parse(cases[-1][1], "generated")
    print(f"generated plan: {len(plan['tasks'])} tasks, {len(plan['sections'])} sections")


if __name__ == "__main__":
    main()
