"""Back up and restore a whole theodoi: the database and every uploaded file, one archive.

The archive is a plain tar (``theodoi-YYYYmmdd-HHMMSS.tar``, the time in Vietnam):

- ``database/theodoi.sqlite3`` — a copy taken with SQLite's online backup API, which reads
  one consistent state while the server goes on writing (WAL); or ``database/theodoi.dump``
  — ``pg_dump -Fc`` run on a snapshot exported by a REPEATABLE READ transaction, the one in
  which the rows are counted, so the counts are those of the dump;
- ``media/…`` — every file under MEDIA_ROOT (evidence, plan imports, templates, documents);
- ``manifest.json``, written last: format, time, database vendor, the latest applied
  migration of each app, the row count of each table, and the SHA-256 and size of every
  other member.

A backup is written under a temporary name beside its destination and renamed at the
end: there is never a half archive under the final name. A restore reads and checks the
whole archive before it touches anything, restores the database in one transaction (SQLite:
the backup API into the configured file; PostgreSQL: the dump's SQL with ``psql
--single-transaction``, after dropping the tables already there), then swaps the uploaded
files in by renaming a folder, and counts the rows again. docs/backup.md says more.
"""

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/theodoi.sqlite3"
PG_MEMBER = "database/theodoi.dump"
MEDIA_PREFIX = "media/"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
PG_BINDIR = Path(os.environ.get("THEODOI_PG_BINDIR", "/usr/bin"))
# Rows `migrate` writes into a new database: a target holding only these is empty.
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}
CHUNK = 1024 * 1024

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


@dataclass
class RestoreResult:
    manifest: dict
    counts: dict[str, int]
    files: int


def _silent(_message: str) -> None:
    pass


# --- reading the database -----------------------------------------------------------


def _tables(cursor, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return sorted(row[0] for row in cursor.fetchall())


def _counts(cursor, vendor: str) -> dict[str, int]:
    counts = {}
    for table in _tables(cursor, vendor):
        cursor.execute('SELECT COUNT(*) FROM "{}"'.format(table.replace('"', '""')))
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(cursor, tables) -> dict[str, str]:
    """The latest applied migration of each app (the one recorded last)."""
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    return dict(cursor.fetchall())


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(
            _("Chỉ sao lưu được SQLite và PostgreSQL, không phải %(vendor)s.") % {"vendor": vendor}
        )
    return vendor


def _vendor_label(vendor: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)


# --- PostgreSQL client ----------------------------------------------------------------


def _pg_env(settings_dict: dict) -> dict:
    """libpq's variables for the configured connection: the password never appears on a
    command line (where `ps` shows it), only in the child's environment."""
    env = {**os.environ}
    for key, name in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ]:
        if settings_dict.get(key):
            env[name] = str(settings_dict[key])
    env["PGDATABASE"] = str(settings_dict["NAME"])
    for option, name in [("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")]:
        if settings_dict.get("OPTIONS", {}).get(option):
            env[name] = str(settings_dict["OPTIONS"][option])
    return env


def _pg_client(program: str) -> tuple[Path, int]:
    """The client's path and major version, or a clear refusal."""
    path = PG_BINDIR / program
    try:
        out = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError):
        raise BackupError(
            _(
                "Không chạy được %(path)s: hãy cài gói postgresql-client "
                "(cùng phiên bản với máy chủ)."
            )
            % {"path": path}
        ) from None
    match = re.search(r"(\d+)(?:\.\d+)?", out.stdout)
    if not match:
        raise BackupError(_("Không đọc được phiên bản của %(path)s.") % {"path": path})
    return path, int(match.group(1))


def _pg_server_major(alias: str) -> int:
    connection = connections[alias]
    connection.ensure_connection()
    return connection.pg_version // 10000


def _pg_check(program: str, server_major: int) -> Path:
    """pg_dump and pg_restore handle servers of their own major version or older only."""
    path, major = _pg_client(program)
    if major < server_major:
        raise BackupError(
            _(
                "%(program)s phiên bản %(client)s không làm việc được với máy chủ PostgreSQL "
                "%(server)s: hãy cài postgresql-client-%(server)s."
            )
            % {"program": program, "client": major, "server": server_major}
        )
    return path


def _run(command: list[str], env: dict, what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(
            _("%(what)s thất bại: %(error)s")
            % {"what": what, "error": result.stderr.strip()[-2000:]}
        )


# --- backup ---------------------------------------------------------------------------


def _sqlite_snapshot(alias: str, target: Path) -> tuple[dict, dict]:
    """Copy the live database with the backup API (one consistent state, writers go on),
    then read counts and migrations from the copy itself."""
    source = sqlite3.connect(str(connections[alias].settings_dict["NAME"]), timeout=20)
    copy = sqlite3.connect(str(target))
    try:
        source.backup(copy)  # all pages in one step: one read transaction, one state
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        cursor = copy.cursor()
        counts = _counts(cursor, "sqlite")
        return counts, _migrations(cursor, counts)
    finally:
        source.close()
        copy.close()


def _pg_snapshot(alias: str, target: Path) -> tuple[dict, dict, int]:
    """pg_dump on the snapshot of a REPEATABLE READ transaction which counts the rows."""
    connection = connections[alias]
    server = _pg_server_major(alias)
    pg_dump = _pg_check("pg_dump", server)
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _counts(cursor, "postgresql")
        migrations = _migrations(cursor, counts)
        command = [
            str(pg_dump),
            "-Fc",
            "--no-password",
            f"--snapshot={snapshot}",
            "-f",
            str(target),
        ]
        _run(command, _pg_env(connection.settings_dict), "pg_dump")
    return counts, migrations, server


def _sha256(stream) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _media_files(root: Path, skip: set[Path]) -> list[tuple[Path, str]]:
    if not root.is_dir():
        return []
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink() and path.resolve() not in skip:
                found.append((path, path.relative_to(root).as_posix()))
    return sorted(found, key=lambda pair: pair[1])


class _Hashing:
    """A file read once: into the archive and through SHA-256 together, so the checksum is
    that of the bytes archived even if the file changes meanwhile."""

    def __init__(self, stream):
        self.stream, self.digest = stream, hashlib.sha256()

    def read(self, size=-1):
        data = self.stream.read(size)
        self.digest.update(data)
        return data


def _add(archive: tarfile.TarFile, path: Path, name: str, files: dict) -> None:
    with path.open("rb") as stream:
        info = archive.gettarinfo(arcname=name, fileobj=stream)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mode = 0o644
        reader = _Hashing(stream)
        archive.addfile(info, reader)
    files[name] = {"sha256": reader.digest.hexdigest(), "size": info.size}


def default_output(now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(tz=VN)).astimezone(VN)
    return Path(settings.VAR_DIR) / "backups" / f"theodoi-{stamp:%Y%m%d-%H%M%S}.tar"


def backup_create(
    *, output: Path | None = None, alias: str = "default", progress: Progress = _silent
) -> tuple[Path, dict]:
    """Write the archive at ``output`` (default: var/backups/theodoi-<time>.tar); return
    its path and manifest. Nothing is left under ``output`` when anything fails."""
    vendor = _vendor(alias)
    created = datetime.now(tz=VN)
    output = Path(output) if output else default_output(created)
    if output.exists():
        raise BackupError(_("Tệp %(path)s đã có: không ghi đè một bản sao lưu.") % {"path": output})
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(
            _("Không tạo được thư mục %(path)s: %(error)s")
            % {"path": output.parent, "error": error}
        ) from None
    partial = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        with tempfile.TemporaryDirectory(prefix="theodoi-backup-", dir=output.parent) as work:
            manifest = _write(partial, Path(work), vendor, alias, created, progress)
        os.replace(partial, output)
    except OSError as error:
        raise BackupError(
            _("Không ghi được bản sao lưu %(path)s: %(error)s") % {"path": output, "error": error}
        ) from None
    finally:
        partial.unlink(missing_ok=True)
    return output, manifest


def _write(partial: Path, work: Path, vendor: str, alias: str, created, progress: Progress) -> dict:
    progress(_("Đang chép cơ sở dữ liệu (%(vendor)s)…") % {"vendor": _vendor_label(vendor)})
    manifest = {"format": FORMAT, "created_at": created.isoformat(), "vendor": vendor}
    if vendor == "sqlite":
        database, member = work / "theodoi.sqlite3", SQLITE_MEMBER
        counts, migrations = _sqlite_snapshot(alias, database)
    else:
        database, member = work / "theodoi.dump", PG_MEMBER
        counts, migrations, manifest["server_major"] = _pg_snapshot(alias, database)
        manifest["pg_dump_major"] = _pg_client("pg_dump")[1]
    progress(
        _("Cơ sở dữ liệu: %(tables)s bảng, %(rows)s dòng.")
        % {"tables": len(counts), "rows": sum(counts.values())}
    )
    media_root = Path(settings.MEDIA_ROOT)
    media = _media_files(media_root, skip={partial.resolve()})
    files: dict[str, dict] = {}
    with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
        _add(archive, database, member, files)
        for number, (path, relative) in enumerate(media, start=1):
            try:
                _add(archive, path, MEDIA_PREFIX + relative, files)
            except FileNotFoundError:
                continue  # removed since the folder was listed (a deleted evidence file)
            if number % 100 == 0 or number == len(media):
                progress(
                    _("Tệp tải lên: %(done)s/%(total)s tệp.")
                    % {"done": number, "total": len(media)}
                )
        manifest.update(migrations=migrations, tables=counts, files=files)
        data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(data), int(created.timestamp()), 0o644
        archive.addfile(info, io.BytesIO(data))
    with partial.open("rb+") as stream:
        os.fsync(stream.fileno())
    return manifest


# --- checking an archive ----------------------------------------------------------------


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def backup_verify(path: Path) -> dict:
    """Read the whole archive: its manifest, and every member against its checksum.
    Returns the manifest; raises BackupError (and changes nothing) otherwise."""
    path = Path(path)
    broken = _("Bản sao lưu %(path)s hỏng hoặc không phải bản sao lưu của theodoi") % {"path": path}
    try:
        with tarfile.open(path, "r:") as archive:
            members = archive.getmembers()
            names = [member.name for member in members]
            if MANIFEST not in names:
                raise BackupError(f"{broken}: " + _("thiếu manifest.json."))
            manifest = json.loads(archive.extractfile(MANIFEST).read())
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise BackupError(
                    f"{broken}: "
                    + _("định dạng %(found)s, phiên bản này đọc định dạng %(format)s.")
                    % {
                        "found": manifest.get("format") if isinstance(manifest, dict) else "?",
                        "format": FORMAT,
                    }
                )
            files = manifest.get("files", {})
            others = [member for member in members if member.name != MANIFEST]
            if sorted(m.name for m in others) != sorted(files) or len(set(names)) != len(names):
                raise BackupError(f"{broken}: " + _("danh sách tệp không khớp manifest."))
            for member in others:
                if not member.isfile() or not _safe_name(member.name):
                    raise BackupError(f"{broken}: " + _("mục lạ %(name)s.") % {"name": member.name})
                expected = files[member.name]
                if (
                    member.size != expected["size"]
                    or _sha256(archive.extractfile(member)) != expected["sha256"]
                ):
                    raise BackupError(
                        f"{broken}: "
                        + _("tệp %(name)s sai mã kiểm tra SHA-256.") % {"name": member.name}
                    )
    except (tarfile.TarError, OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise BackupError(f"{broken}: {error}") from None
    database = SQLITE_MEMBER if manifest.get("vendor") == "sqlite" else PG_MEMBER
    if database not in files:
        raise BackupError(f"{broken}: " + _("thiếu cơ sở dữ liệu."))
    return manifest


# --- restore ------------------------------------------------------------------------------


def _target_rows(alias: str, vendor: str) -> int:
    """Rows in the target beyond what `migrate` writes: 0 for an empty database."""
    with connections[alias].cursor() as cursor:
        counts = _counts(cursor, vendor)
    return sum(count for table, count in counts.items() if table not in BOOKKEEPING_TABLES)


def _check_code_knows(manifest: dict) -> None:
    """Refuse an archive made by a newer theodoi: this code would not know its tables."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{name}"
        for app, name in manifest.get("migrations", {}).items()
        if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            _(
                "Bản sao lưu được tạo bởi phiên bản theodoi mới hơn (có migration %(names)s mà "
                "mã nguồn này không có): hãy cập nhật theodoi trước khi phục hồi."
            )
            % {"names": ", ".join(sorted(unknown)[:5])}
        )


def _extract(
    archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path, expected: dict
) -> None:
    """Write one member, checking its checksum again as it is written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    source = archive.extractfile(member)
    with target.open("wb") as stream:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            stream.write(chunk)
        stream.flush()
        os.fsync(stream.fileno())
    os.utime(target, (member.mtime, member.mtime))
    if digest.hexdigest() != expected["sha256"]:
        raise BackupError(_("Tệp %(name)s đổi trong lúc phục hồi.") % {"name": member.name})


def _compare(expected: dict, found: dict, where: str) -> None:
    wrong = [
        f"{table}: {expected.get(table, '-')} ≠ {found.get(table, '-')}"
        for table in sorted(set(expected) | set(found))
        if expected.get(table) != found.get(table)
    ]
    if wrong:
        raise BackupError(
            _("Số dòng %(where)s không khớp manifest: %(tables)s")
            % {"where": where, "tables": "; ".join(wrong[:10])}
        )


def _restore_sqlite(alias: str, database: Path, manifest: dict) -> None:
    copy = sqlite3.connect(str(database))
    try:
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(_("Cơ sở dữ liệu trong bản sao lưu bị hỏng (integrity_check)."))
        _compare(manifest["tables"], _counts(copy.cursor(), "sqlite"), _("trong bản sao lưu"))
        connections[alias].close()
        target = sqlite3.connect(str(connections[alias].settings_dict["NAME"]), timeout=20)
        try:
            # One write transaction on the target: readers see the old or the new database.
            copy.backup(target)
        except sqlite3.Error as error:
            raise BackupError(
                _("Không ghi được cơ sở dữ liệu SQLite: %(error)s") % {"error": error}
            ) from None
        finally:
            target.close()
    finally:
        copy.close()


def _restore_postgresql(alias: str, dump: Path, work: Path, manifest: dict) -> None:
    connection = connections[alias]
    server = _pg_server_major(alias)
    pg_restore = _pg_check("pg_restore", server)
    if _pg_client("pg_restore")[1] < manifest.get("pg_dump_major", 0):
        raise BackupError(
            _(
                "pg_restore cũ hơn pg_dump đã tạo bản sao lưu (%(major)s): "
                "hãy cài postgresql-client-%(major)s."
            )
            % {"major": manifest["pg_dump_major"]}
        )
    psql = PG_BINDIR / "psql"
    env = _pg_env(connection.settings_dict)
    with connection.cursor() as cursor:
        tables = _tables(cursor, "postgresql")
    connection.close()
    drop = work / "drop.sql"
    drop.write_text(
        "".join(
            'DROP TABLE IF EXISTS "{}" CASCADE;\n'.format(t.replace('"', '""')) for t in tables
        ),
        encoding="utf-8",
    )
    script = work / "restore.sql"
    _run(
        [
            str(pg_restore),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "-f",
            str(script),
            str(dump),
        ],
        env,
        "pg_restore",
    )
    # psql runs both files in ONE transaction and stops at the first error: the target
    # keeps its old tables unless everything succeeded.
    command = [
        str(psql),
        "-X",
        "-q",
        "--no-password",
        "--single-transaction",
        "-v",
        "ON_ERROR_STOP=1",
    ]
    _run([*command, "-f", str(drop), "-f", str(script)], env, "psql")


def _swap_media(staged: Path, media_root: Path) -> None:
    """Put the restored files in place by renaming folders; the old folder goes last."""
    old = media_root.with_name(f".{media_root.name}.old-{os.getpid()}")
    had = media_root.exists()
    if had:
        os.replace(media_root, old)
    try:
        os.replace(staged, media_root)
    except OSError:
        if had:
            os.replace(old, media_root)
        raise
    if had:
        shutil.rmtree(old, ignore_errors=True)


def backup_restore(
    path: Path, *, force: bool = False, alias: str = "default", progress: Progress = _silent
) -> RestoreResult:
    """Restore the archive into the configured database and MEDIA_ROOT.

    Checked first, nothing touched: the archive (manifest, checksums), the vendor, the
    migrations, an empty target (unless ``force``). Then the database in one transaction,
    then the uploaded files by a folder rename, then the row counts against the manifest.
    """
    progress(_("Đang kiểm tra bản sao lưu %(path)s…") % {"path": path})
    manifest = backup_verify(path)
    vendor = _vendor(alias)
    if manifest["vendor"] != vendor:
        raise BackupError(
            _(
                "Bản sao lưu là của %(archive)s, còn theodoi đang dùng %(configured)s: không phục "
                "hồi được (hãy đặt DATABASE_URL cho đúng loại cơ sở dữ liệu)."
            )
            % {"archive": _vendor_label(manifest["vendor"]), "configured": _vendor_label(vendor)}
        )
    _check_code_knows(manifest)
    rows = _target_rows(alias, vendor)
    if rows and not force:
        raise BackupError(
            _(
                "Cơ sở dữ liệu đích đang có dữ liệu (%(rows)s dòng): không phục hồi đè lên. Dùng "
                "--force nếu thật sự muốn thay toàn bộ dữ liệu hiện có bằng bản sao lưu."
            )
            % {"rows": rows}
        )
    if vendor == "postgresql":  # the client's versions, before anything is written
        _pg_check("pg_restore", _pg_server_major(alias))
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{media_root.name}.restore-", dir=media_root.parent))
    files = 0
    try:
        with tempfile.TemporaryDirectory(prefix="theodoi-restore-") as work_dir:
            work = Path(work_dir)
            database = work / ("theodoi.sqlite3" if vendor == "sqlite" else "theodoi.dump")
            with tarfile.open(path, "r:") as archive:
                media = [m for m in archive.getmembers() if m.name.startswith(MEDIA_PREFIX)]
                for number, member in enumerate(media, start=1):
                    relative = member.name.removeprefix(MEDIA_PREFIX)
                    _extract(archive, member, staged / relative, manifest["files"][member.name])
                    if number % 100 == 0 or number == len(media):
                        progress(
                            _("Tệp tải lên: %(done)s/%(total)s tệp.")
                            % {"done": number, "total": len(media)}
                        )
                files = len(media)
                member = SQLITE_MEMBER if vendor == "sqlite" else PG_MEMBER
                _extract(archive, archive.getmember(member), database, manifest["files"][member])
            progress(
                _("Đang phục hồi cơ sở dữ liệu (%(vendor)s)…") % {"vendor": _vendor_label(vendor)}
            )
            if vendor == "sqlite":
                _restore_sqlite(alias, database, manifest)
            else:
                _restore_postgresql(alias, database, work, manifest)
        _swap_media(staged, media_root)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(_("Phục hồi thất bại: %(error)s") % {"error": error}) from None
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    with connections[alias].cursor() as cursor:
        counts = _counts(cursor, vendor)
    _compare(manifest["tables"], counts, _("sau khi phục hồi"))
    return RestoreResult(manifest=manifest, counts=counts, files=files)
