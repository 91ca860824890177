"""`theodoi backup` and `theodoi restore` on a real site: a published plan, a report with
its items, evidence files, comments and their history, backed up and restored into an
empty database (SQLite: a new file; PostgreSQL: a new database), compared row by row and
byte by byte; and the refusals, each of which changes nothing."""

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from theodoi.core.backup import MANIFEST, PG_MEMBER, SQLITE_MEMBER, _counts, backup_create
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import EvidenceFile, ItemComment, Report, ReportingRule, ReportItem
from theodoi.reporting.services.comments import item_comment_add
from theodoi.reporting.services.evidence import evidence_add
from theodoi.reporting.services.reports import report_item_save, report_open
from theodoi.reporting.tests.conftest import SMALL_PLAN, month_period, vn

pytestmark = pytest.mark.django_db(transaction=True)  # the commands' processes see the rows

THEODOI = Path(sys.executable).with_name("theodoi")
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
IMPORTED = "imports/2026/03/kế-hoạch-chuyển-đổi-số.docx"
RESTORED_PG = "test_backup_restore"


@pytest.fixture
def site(people, media):
    """A plan published with a monthly period; Sở Tài chính's report with its items
    filled in (its one item), two evidence files and a comment; an uploaded plan document."""
    office, focal = people["thuongtruc"], people["daumoi"]
    plan = plan_draft_create(data=SMALL_PLAN)
    plan_publish(plan=plan, user=office, confirm_gaps=True, now=vn(2026, 1, 2, 8, 0))
    rule = ReportingRule.objects.create(
        plan=plan, frequency="monthly", due_day=25, due_time="16:00"
    )
    period = month_period(rule, 3)
    report = report_open(period=period, body=focal.body)
    for item in report.items.all():
        item = report_item_save(
            item=item,
            data={
                "state": "in_progress",
                "percent": "40",
                "results": "Đã hoàn thành 40% khối lượng",
            },
            user=focal,
            seen_version=None,
        )
        evidence_add(item=item, upload=SimpleUploadedFile("biên-bản.pdf", PDF), user=focal)
        evidence_add(item=item, upload=SimpleUploadedFile("ảnh.png", PNG), user=focal)
        item_comment_add(item, office, "Đề nghị bổ sung số liệu tháng 3")
    imported = media / IMPORTED
    imported.parent.mkdir(parents=True)
    imported.write_bytes(b"PK\x03\x04" + "kế hoạch".encode() * 100)
    return report


def run(*args, var: Path, database_url: str, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "theodoi.config.settings",
        "DATABASE_URL": database_url,
        "THEODOI_VAR": str(var),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "backup-test-key",
        **extra,
    }
    return subprocess.run(
        [str(THEODOI), *args], capture_output=True, text=True, env=env, timeout=300
    )


def url_of(settings_dict: dict, name: str | None = None) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{name or settings_dict['NAME']}"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}"
    return f"postgres://{settings_dict['USER']}{password}@{host}/{name or settings_dict['NAME']}"


def raw_connect(settings_dict: dict, name: str | None = None):
    """A plain driver connection (no Django converters), the same for both sides."""
    if connection.vendor == "sqlite":
        return sqlite3.connect(name or settings_dict["NAME"])
    import psycopg

    return psycopg.connect(
        dbname=name or settings_dict["NAME"],
        user=settings_dict["USER"],
        password=settings_dict.get("PASSWORD") or None,
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        autocommit=True,
    )


def every_row(raw, tables) -> dict[str, list]:
    cursor = raw.cursor()
    rows = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')
        rows[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    return rows


@pytest.fixture
def empty_target(tmp_path):
    """The database to restore into, empty: a new SQLite file, or a new PostgreSQL
    database (dropped after)."""
    if connection.vendor == "sqlite":
        yield str(tmp_path / "restored" / "theodoi.sqlite3")
        return
    admin = raw_connect(connection.settings_dict, "postgres")
    admin.execute(f"DROP DATABASE IF EXISTS {RESTORED_PG} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {RESTORED_PG}")
    try:
        yield RESTORED_PG
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {RESTORED_PG} WITH (FORCE)")
        admin.close()


def test_a_backup_restored_into_an_empty_database_holds_every_row_and_file(
    site, media, tmp_path, empty_target
):
    source = connection.settings_dict
    made = run(
        "backup",
        "--output",
        str(tmp_path / "sao-luu.tar"),
        var=media.parent,
        database_url=url_of(source),
    )
    assert made.returncode == 0, made.stderr
    assert "Cơ sở dữ liệu:" in made.stdout and "Tệp tải lên: 3/3 tệp." in made.stdout
    archive = tmp_path / "sao-luu.tar"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left

    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile(MANIFEST).read())
    assert manifest["vendor"] == connection.vendor and manifest["format"] == 1
    assert manifest["migrations"]["reporting"].startswith("00")
    assert manifest["tables"]["reporting_report"] == Report.objects.count() == 1
    assert manifest["tables"]["reporting_reportitem"] == ReportItem.objects.count() == 1
    assert manifest["tables"]["reporting_evidencefile"] == EvidenceFile.objects.count() == 2
    for history in ["reportitem", "evidencefile", "itemcomment"]:  # the audit trail
        assert manifest["tables"][f"reporting_historical{history}"] > 0, history
    assert manifest["tables"]["plans_historicalplan"] > 0
    assert f"media/{IMPORTED}" in manifest["files"]

    target_var = tmp_path / "restored"
    restored = run(
        "restore", str(archive), var=target_var, database_url=url_of(source, empty_target)
    )
    assert restored.returncode == 0, restored.stderr
    assert "reporting_evidencefile: 2" in restored.stdout
    assert "số dòng khớp manifest" in restored.stdout

    with raw_connect(source) as before, raw_connect(source, empty_target) as after:
        tables = sorted(manifest["tables"])
        assert _counts(after.cursor(), connection.vendor) == manifest["tables"]
        assert every_row(after, tables) == every_row(before, tables)
    history = [t for t in tables if "historical" in t]
    assert {"reporting_historicalreport", "reporting_historicalevidencefile"} <= set(history)
    assert ItemComment.objects.count() == 1
    for evidence in EvidenceFile.objects.all():
        assert (target_var / "media" / evidence.file.name).read_bytes() == Path(
            evidence.file.path
        ).read_bytes()
    assert (target_var / "media" / IMPORTED).read_bytes() == (media / IMPORTED).read_bytes()

    again = run("restore", str(archive), var=target_var, database_url=url_of(source, empty_target))
    assert again.returncode != 0 and "đang có dữ liệu" in again.stderr


def state(media: Path) -> tuple[dict, dict]:
    """Everything a refused restore must leave as it was: rows per table, files' bytes."""
    with connection.cursor() as cursor:
        counts = _counts(cursor, connection.vendor)
    files = {
        p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*") if p.is_file()
    }
    return counts, files


def rewrite(archive: Path, change) -> Path:
    """A copy of the archive with ``change(name, data) -> (name, data)`` applied to
    each member."""
    copy = archive.with_name("sua-" + archive.name)
    with (
        tarfile.open(archive) as source,
        tarfile.open(copy, "w", format=tarfile.PAX_FORMAT) as target,
    ):
        for member in source.getmembers():
            member.name, data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return copy


@pytest.fixture
def archive(site, tmp_path):
    path = tmp_path / "sao-luu.tar"
    call_command("backup", output=path, stdout=io.StringIO())
    return path


def test_a_restore_over_a_site_with_data_is_refused_without_force(archive, media):
    before = state(media)
    with pytest.raises(CommandError, match=r"đang có dữ liệu .* --force"):
        call_command("restore", archive, stdout=io.StringIO())
    assert state(media) == before


def test_a_corrupt_archive_is_refused_before_anything_changes_even_with_force(archive, media):
    evidence = EvidenceFile.objects.first().file.name

    def flip(name, data):
        return name, data[:-1] + bytes([data[-1] ^ 1]) if name == f"media/{evidence}" else data

    corrupt = rewrite(archive, flip)
    before = state(media)
    with pytest.raises(CommandError, match="sai mã kiểm tra SHA-256"):
        call_command("restore", corrupt, force=True, stdout=io.StringIO())
    assert state(media) == before


def test_an_archive_of_the_other_database_vendor_is_refused(archive, media):
    """A consistent archive of the other vendor: its database member and manifest."""
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    members = {"sqlite": SQLITE_MEMBER, "postgresql": PG_MEMBER}
    mine, theirs = members[connection.vendor], members[other]

    def vendor(name, data):
        if name == mine:
            return theirs, data
        if name != MANIFEST:
            return name, data
        manifest = json.loads(data)
        manifest["files"][theirs] = manifest["files"].pop(mine)
        return name, json.dumps({**manifest, "vendor": other}).encode()

    before = state(media)
    with pytest.raises(CommandError, match=r"Bản sao lưu là của .* còn theodoi đang dùng"):
        call_command("restore", rewrite(archive, vendor), force=True, stdout=io.StringIO())
    assert state(media) == before


def test_an_archive_without_manifest_is_refused(archive, tmp_path):
    bare = tmp_path / "khong-manifest.tar"
    with tarfile.open(archive) as source, tarfile.open(bare, "w") as target:
        for member in source.getmembers():
            if member.name != MANIFEST:
                target.addfile(member, source.extractfile(member))
    with pytest.raises(CommandError, match=r"thiếu manifest\.json"):
        call_command("restore", bare, force=True, stdout=io.StringIO())


def test_a_backup_never_overwrites_a_file(archive):
    content = archive.read_bytes()
    with pytest.raises(CommandError, match="đã có"):
        call_command("backup", output=archive, stdout=io.StringIO())
    assert archive.read_bytes() == content


def test_restore_with_force_puts_the_backup_back_over_later_changes(archive, media, people):
    """The in-place restore of an operator going back to last night's backup."""
    evidence = EvidenceFile.objects.first()
    path = Path(evidence.file.path)
    original = path.read_bytes()
    path.write_bytes(b"changed")
    (media / "evidence" / "new.pdf").write_bytes(PDF)
    Report.objects.all().delete()
    out = io.StringIO()
    call_command("restore", archive, force=True, stdout=out)
    assert "số dòng khớp manifest" in out.getvalue()
    assert Report.objects.count() == 1 and EvidenceFile.objects.count() == 2
    assert path.read_bytes() == original
    assert not (media / "evidence" / "new.pdf").exists()


def test_a_backup_runs_beside_a_writer_and_holds_only_committed_rows(people, media, tmp_path):
    """The server writes while the backup runs: the backup neither waits for the writer's
    transaction nor takes its uncommitted row."""
    from django.contrib.contenttypes.models import ContentType

    before = ContentType.objects.count()
    writer = raw_connect(connection.settings_dict)
    writer.execute("BEGIN IMMEDIATE" if connection.vendor == "sqlite" else "BEGIN")
    writer.execute(
        "INSERT INTO django_content_type (app_label, model) VALUES ('sao_luu', 'dang_ghi')"
    )
    started = time.monotonic()
    try:
        _path, manifest = backup_create(output=tmp_path / "giua-chung.tar")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert time.monotonic() - started < 15  # the SQLite busy timeout is 20 s
    assert manifest["tables"]["django_content_type"] == before


def test_a_backup_that_cannot_be_written_leaves_nothing(people, media, tmp_path):
    blocker = tmp_path / "tep"
    blocker.write_text("not a folder")
    with pytest.raises(CommandError, match="Không tạo được thư mục"):
        call_command("backup", output=blocker / "sao-luu.tar", stdout=io.StringIO())
    assert [p.name for p in tmp_path.iterdir() if p.name != "media"] == ["tep"]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_pg_dump_older_than_the_server_is_refused_clearly(people, media, tmp_path):
    """An old client (here a stand-in printing version 9.6) would fail on a newer server:
    the backup says which client to install, and leaves no archive."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "pg_dump").write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    (bindir / "pg_dump").chmod(0o755)
    out = tmp_path / "backups"
    result = run(
        "backup",
        "--output",
        str(out / "sao-luu.tar"),
        var=media.parent,
        database_url=url_of(connection.settings_dict),
        THEODOI_PG_BINDIR=str(bindir),
    )
    assert result.returncode == 1
    assert "pg_dump phiên bản 9 không làm việc được với máy chủ PostgreSQL" in result.stderr
    assert list(out.iterdir()) == []
