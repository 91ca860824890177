"""A hostile document is refused in bounded time and memory while the site keeps answering.

The documents of the security probe (issue 16), rebuilt by ``importer/tests/probes``,
are uploaded one at a time and read by a real ``theodoi worker``; meanwhile another
user (the chair) keeps opening a page over real HTTP. Each document must end as a
failed import whose message names the limit it went over, within 30 s of the read's
start and with the worker's processes (it and the child reading the file) under
1 GB together, and every page the chair asked for during it must answer in < 1 s.
"""

import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests import processes
from tests.processes import wait_until
from theodoi.importer.tests import probes
from theodoi.plans.models import ImportStatus, PlanImport
from theodoi.plans.services import imports

database_queue, start_process, start_worker = (
    processes.database_queue,
    processes.start_process,
    processes.start_worker,
)

GIGABYTE = 1024**3
LIMIT = "giới hạn"  # every refusal for a limit names it: "vượt giới hạn …"
# The probe's documents, as uploaded: file name → (its bytes, a word of the message).
PROBES = {
    "gop-o.xlsx": (probes.xlsx_merged, LIMIT),  # one merged range A3:XFD1048576
    "trang-khong-lo.pdf": (probes.pdf_grid, LIMIT),  # 14400 pt pages, a ruled grid
    "100000-trang.pdf": (probes.pdf_many_pages, LIMIT),
    "bom-6GB.docx": (probes.docx_bomb, LIMIT),  # document.xml unpacks to 6 GB
    "bom-noi-doi.docx": (probes.docx_bomb_lying, "bị hỏng"),  # claims 64 KB, unpacks to 6 GB
    "mot-dong-10MB.txt": (probes.text_one_line, "Không tìm thấy nhiệm vụ"),  # read to the end
}


def family_rss(root: int) -> int:
    """Bytes of memory in use by ``root`` and every process below it (from /proc)."""
    parents, sizes = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:  # ended meanwhile
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields["PPid"])
        sizes[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    family = {root}
    grew = True
    while grew:
        below = {pid for pid, parent in parents.items() if parent in family} - family
        grew = bool(below)
        family |= below
    return sum(sizes.get(pid, 0) for pid in family)


def chair_opener(live_server, user):
    """A function opening the chair's home page over HTTP; returns its seconds."""
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    def open_page() -> float:
        request = urllib.request.Request(live_server.url + "/", headers={"Cookie": cookie})
        began = time.monotonic()
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
            response.read()
        return time.monotonic() - began

    return open_page


@pytest.mark.processes
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", sorted(PROBES))
def test_a_hostile_document_is_refused_in_bounds_while_another_page_answers(
    name, people, database_queue, start_worker, live_server
):
    open_page = chair_opener(live_server, people["chutich"])
    open_page()  # the first view of the page is made before the read begins
    build, word = PROBES[name]
    content = build()
    plan_import = imports.plan_import_create(
        upload=SimpleUploadedFile(name, content), user=people["thuongtruc"]
    )
    worker = start_worker()
    assert wait_until(
        lambda: PlanImport.objects.get(pk=plan_import.pk).status != ImportStatus.QUEUED,
        step=0.05,
    ), "the worker never began reading"
    began = time.monotonic()
    pages, peak = [], 0
    while time.monotonic() - began < 45:
        peak = max(peak, family_rss(worker.pid))
        pages.append(open_page())
        plan_import.refresh_from_db()
        if plan_import.status in (ImportStatus.DONE, ImportStatus.FAILED):
            break
        time.sleep(0.1)

    assert plan_import.status == ImportStatus.FAILED, (plan_import.status, plan_import.message)
    took = (plan_import.finished_at - plan_import.started_at).total_seconds()
    assert took < 30, took
    assert peak < GIGABYTE, f"{peak / 1024**2:.0f} MB"
    assert max(pages) < 1.0, max(pages)
    assert word in plan_import.message, plan_import.message
    assert not plan_import.plan_id  # nothing of a plan was made
    print(
        f"{name}: refused in {took:.1f} s, peak {peak / 1024**2:.0f} MB, "
        f"{len(pages)} pages, slowest {max(pages) * 1000:.0f} ms: {plan_import.message}"
    )
