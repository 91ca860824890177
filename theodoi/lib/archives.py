"""Zip archives (.docx, .xlsx) measured from their directory before anything unpacks them.

A 5 KB archive can unpack to gigabytes; what it claims is checked first, and a
reader that unpacks a member afterwards reads at most what was claimed
(``read_member``), so a member that lies about its size is caught too.
"""

import io
import zipfile
from dataclasses import dataclass

MEGABYTE = 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * MEGABYTE
MAX_MEMBERS = 5000


@dataclass
class ArchiveRefused(Exception):
    """Over a limit; ``limit`` names it: ``unzipped``, ``members`` or ``corrupt``."""

    limit: str
    value: int = 0
    allowed: int = 0


def check_archive(
    data: bytes, *, max_unzipped_bytes: int = MAX_UNZIPPED_BYTES, max_members: int = MAX_MEMBERS
) -> None:
    """Raise ``ArchiveRefused`` when the archive is not one or claims more than the limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise ArchiveRefused("corrupt") from error
    if len(members) > max_members:
        raise ArchiveRefused("members", len(members), max_members)
    unzipped = sum(member.file_size for member in members)
    if unzipped > max_unzipped_bytes:
        raise ArchiveRefused("unzipped", unzipped, max_unzipped_bytes)


def read_member(
    archive: zipfile.ZipFile, name: str, *, max_bytes: int = MAX_UNZIPPED_BYTES
) -> bytes:
    """A member's bytes, refused once more than ``max_bytes`` come out (whatever it claimed)."""
    with archive.open(name) as member:
        data = member.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ArchiveRefused("unzipped", len(data), max_bytes)
    return data
