"""``make corpus``: read every plan of the importer's corpus, in every form, and score it.

    python -m bench.corpus [--write docs/importer.md] [--only SLUG] [--originals]

Each folder of ``tests/fixtures/corpus`` holds a real plan as found, its
``expected.json`` written by hand and its ``source.json``. Besides the file as
found, the plan is read in the forms a user may have of it, made by the tests'
own scripts (``tests/make_documents.py``, LibreOffice) from the document:

- ``docx`` and ``pdf``, for a plan found as text (``.md``, ``.txt``);
- ``pdf``, for a plan found as ``.docx`` (LibreOffice's rendering);
- ``html``, the web page "Save as HTML" makes of the ``.docx`` (LibreOffice);
- ``pdf-text``, the text a person copies out of a ``.pdf`` (pdfplumber, a form
  feed between pages);
- ``web-text``, the text a person copies from a legal web database, each cell
  between lone ``|`` lines (``write_web_text``).

Each is scored with ``tests/fixtures/score_import.py``; the table (document,
form, score, tasks, indicators, seconds) is printed, and written into the
corpus section of ``docs/importer.md`` with ``--write``.
"""

import argparse
import importlib.util
import io
import json
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber

from tests.make_documents import soffice, write_docx, write_html, write_pdf, write_web_text
from theodoi.importer import ImportFailure, parse_bytes
from theodoi.importer.detect import read_document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
BEGIN, END = "<!-- corpus:begin -->", "<!-- corpus:end -->"
TEXT_SUFFIXES = {".md", ".txt", ".html", ".htm"}


def scorer():
    spec = importlib.util.spec_from_file_location(
        "score_import", ROOT / "tests" / "fixtures" / "score_import.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


def accuracy(tally) -> float:
    right = sum(tally.right.values())
    total = sum(tally.total.values()) + sum(tally.extra.values())
    return right / total if total else 1.0


def documents(only: str | None = None) -> list[Path]:
    """The corpus's folders, each with its document, ``expected.json`` and ``source.json``."""
    return [
        folder
        for folder in sorted(CORPUS.iterdir())
        if (folder / "expected.json").is_file() and (only is None or folder.name == only)
    ]


def original(folder: Path) -> Path:
    return next(p for p in sorted(folder.iterdir()) if p.stem == folder.name)


def pdf_text(data: bytes) -> bytes:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    return "\f".join(pages).encode()


def forms(path: Path, originals_only: bool = False):
    """``(form, file name, bytes)`` for the document as found and the forms made from it."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    yield suffix.lstrip("."), path.name, data
    if originals_only:
        return
    raw = read_document(data, path.name)
    with tempfile.TemporaryDirectory() as tmp:
        docx_path = Path(tmp) / f"{path.stem}.docx"
        if suffix in TEXT_SUFFIXES:
            write_docx(raw, docx_path)
            yield "docx*", docx_path.name, docx_path.read_bytes()
        elif suffix == ".docx":
            docx_path.write_bytes(data)
        if docx_path.exists() and soffice():
            pdf_path = Path(tmp) / f"{path.stem}.pdf"
            write_pdf(docx_path, pdf_path)
            yield "pdf*", pdf_path.name, pdf_path.read_bytes()
            html_path = Path(tmp) / f"{path.stem}.html"
            write_html(docx_path, html_path)
            yield "html*", html_path.name, html_path.read_bytes()
        if suffix == ".pdf":
            yield "pdf-text*", f"{path.stem}.txt", pdf_text(data)
        yield "web-text*", f"{path.stem}.txt", write_web_text(raw).encode()


def score_form(name: str, data: bytes, expected: dict, score) -> dict:
    started = time.perf_counter()
    try:
        plan = parse_bytes(data, name)
    except ImportFailure as failure:
        return {"score": 0.0, "tasks": 0, "indicators": 0, "seconds": 0.0, "error": failure.vi}
    seconds = time.perf_counter() - started
    return {
        "score": accuracy(score(expected, plan)),
        "tasks": len(plan["tasks"]),
        "indicators": len(plan["indicators"]),
        "seconds": seconds,
        "error": None,
    }


def run(only: str | None = None, originals_only: bool = False) -> list[dict]:
    score = scorer()
    rows = []
    for folder in documents(only):
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        source = json.loads((folder / "source.json").read_text(encoding="utf-8"))
        for form, name, data in forms(original(folder), originals_only):
            result = score_form(name, data, expected, score)
            rows.append(
                {
                    "document": folder.name,
                    "level": source.get("level", ""),
                    "form": form,
                    "expected_tasks": len(expected.get("tasks") or []),
                    "expected_indicators": len(expected.get("indicators") or []),
                    **result,
                }
            )
            print(table_line(rows[-1]), flush=True)
    return rows


def table_line(row: dict) -> str:
    note = f" — {row['error']}" if row["error"] else ""
    return (
        f"| {row['document']} | {row['level']} | {row['form']} | {row['score']:.3f} "
        f"| {row['tasks']} / {row['expected_tasks']} "
        f"| {row['indicators']} / {row['expected_indicators']} | {row['seconds']:.2f}{note} |"
    )


def markdown(rows: list[dict]) -> str:
    lines = [
        "| document | level | form | score | tasks read / expected "
        "| indicators read / expected | seconds |",
        "|---|---|---|---|---|---|---|",
        *(table_line(row) for row in rows),
    ]
    lines += ["", "| form | documents | lowest | mean |", "|---|---|---|---|"]
    groups = {"as found": [r["score"] for r in rows if not r["form"].endswith("*")]}
    for row in rows:
        if row["form"].endswith("*"):
            groups.setdefault(row["form"], []).append(row["score"])
    for form, scores in groups.items():
        lines.append(
            f"| {form} | {len(scores)} | {min(scores):.3f} | {sum(scores) / len(scores):.3f} |"
        )
    return "\n".join(lines)


def write(rows: list[dict], path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    path.write_text(f"{head}{BEGIN}\n{markdown(rows)}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus")
    parser.add_argument("--write", type=Path, help="update the corpus table in this file")
    parser.add_argument("--only", help="one document (its folder's name)")
    parser.add_argument("--originals", action="store_true", help="only the files as found")
    args = parser.parse_args(argv)
    rows = run(args.only, args.originals)
    if args.write:
        write(rows, args.write)
    return 0 if all(row["error"] is None for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
