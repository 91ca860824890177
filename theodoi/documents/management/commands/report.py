"""``theodoi report PLAN_ID MM/YYYY --out DIR``: the committee's report of one month as
files — the report (.docx), its appendix (.xlsx) and, when LibreOffice is installed, the
.pdf — for a cron line that mails them, or for the office's shared folder.

The month names the period whose figures end in it (``Period.ends_on``): "03/2026" is
"Tháng 3/2026" of a plan whose figures run from the 15th to the 14th. Each file is
written under a temporary name in ``DIR`` and renamed, so that a reader never sees half
a file. Exit code 2, with one message, when there is nothing to write.
"""

import os
import re
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from theodoi.core import clock
from theodoi.documents.appendix import appendix_xlsx
from theodoi.documents.pdf import PdfFailed, PdfUnavailable, docx_to_pdf
from theodoi.documents.report import file_stem, report_docx
from theodoi.documents.services.committees import committee_of
from theodoi.lib.dates import format_date, parse_date
from theodoi.plans.models import DutyFrequency, Plan, PlanStatus
from theodoi.reporting.models import Period
from theodoi.reporting.selectors.compiled import report_compile

MONTH = re.compile(r"(\d{1,2})/(\d{4})")
CRON = (
    r"0 7 26 * * cd /srv/theodoi && .venv/bin/theodoi report 3 $(date +\%m/\%Y) --out /srv/bao-cao"
)


class Command(BaseCommand):
    help = _(
        "Lập báo cáo của Ban Chỉ đạo về một tháng của kế hoạch đã ban hành: ghi vào thư mục "
        "DIR tệp .docx, phụ lục .xlsx và tệp .pdf (khi máy chủ có LibreOffice), rồi in "
        "đường dẫn các tệp đã ghi. Ví dụ dòng cron (7 giờ sáng ngày 26 hằng tháng): {cron}"
    ).format(cron=CRON)

    def add_arguments(self, parser):
        parser.add_argument(
            "plan_id", metavar="PLAN_ID", help=_("Mã số kế hoạch (số trong địa chỉ trang).")
        )
        parser.add_argument(
            "month", metavar="MM/YYYY", help=_("Tháng của kỳ báo cáo, dạng MM/YYYY.")
        )
        parser.add_argument(
            "--out", required=True, metavar="DIR", help=_("Thư mục ghi tệp (tạo nếu chưa có).")
        )
        parser.add_argument("--number", default="", metavar="N", help=_("Số văn bản."))
        parser.add_argument(
            "--date",
            metavar="DD/MM/YYYY",
            help=_("Ngày ghi trên văn bản, dạng DD/MM/YYYY (mặc định: hôm nay)."),
        )

    def handle(self, *args, plan_id, month, out, number, date, **options):
        plan = _published_plan(plan_id)
        period = _period_of(plan, month)
        day = _day(date)
        compiled = report_compile(plan, period=period)
        docx = report_docx(
            compiled,
            committee=committee_of(plan),
            number=number,
            day=day,
        )
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        stem = file_stem(compiled)
        written = [
            write_atomic(folder / f"{stem}.docx", docx),
            write_atomic(folder / f"{stem}.xlsx", appendix_xlsx(compiled)),
        ]
        try:
            written.append(write_atomic(folder / f"{stem}.pdf", docx_to_pdf(docx)))
        except (PdfUnavailable, PdfFailed) as error:
            self.stderr.write(_("Không có tệp PDF: {reason}").format(reason=error))
        for path in written:
            self.stdout.write(str(path))


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _published_plan(plan_id: str) -> Plan:
    plan = Plan.objects.filter(pk=int(plan_id)).first() if plan_id.isdigit() else None
    if plan is None:
        raise _fail(_("Không có kế hoạch mã số {id}.").format(id=plan_id))
    if plan.status != PlanStatus.PUBLISHED:
        raise _fail(
            _("Kế hoạch mã số {id} chưa ban hành (trạng thái: {status}).").format(
                id=plan_id, status=plan.get_status_display()
            )
        )
    return plan


def _period_of(plan: Plan, text: str) -> Period:
    """The period whose figures end in the month (the monthly rule's when several)."""
    found = MONTH.fullmatch(text.strip())
    if not found or not 1 <= int(found[1]) <= 12:
        raise _fail(
            _("Tháng phải có dạng MM/YYYY, ví dụ 03/2026 (đã nhận: {text}).").format(text=text)
        )
    month, year = int(found[1]), int(found[2])
    periods = Period.objects.filter(plan=plan).select_related("rule").order_by("cutoff", "pk")
    matching = [p for p in periods if (p.ends_on.year, p.ends_on.month) == (year, month)]
    if not matching:
        existing = ", ".join(f"{p.ends_on:%m/%Y} ({p.label})" for p in periods) or _("không có")
        raise _fail(
            _(
                "Kế hoạch mã số {id} không có kỳ báo cáo nào có số liệu đến tháng {month}. "
                "Các kỳ hiện có: {existing}."
            ).format(id=plan.pk, month=f"{month:02d}/{year}", existing=existing)
        )
    monthly = [p for p in matching if p.rule.frequency == DutyFrequency.MONTHLY]
    return (monthly or matching)[0]


def _day(text: str | None):
    try:
        return parse_date(text) or clock.today()
    except ValueError:
        raise _fail(
            _("Ngày phải có dạng DD/MM/YYYY, ví dụ {example} (đã nhận: {text}).").format(
                example=format_date(clock.today()), text=text
            )
        ) from None


def write_atomic(path: Path, content: bytes) -> Path:
    """Write ``content`` under a temporary name beside ``path``, then rename it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
