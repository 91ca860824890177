"""Zip archives (.docx, .xlsx) measured from their directory before anything unpacks them.

A 5 KB archive can unpack to gigabytes; what it claims is checked first, and a
reader that unpacks a member afterwards reads at most what was claimed
(``read_member``, ``open_member``), so a member that lies about its size is
caught too: ``zipfile`` stops at the size the directory claims and then finds
the checksum wrong, and no member ever gives more than ``max_bytes``.
"""

import io
import zipfile
import zlib
from dataclasses import dataclass

MEGABYTE = 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * MEGABYTE
MAX_MEMBERS = 5000
CHUNK = 1 << 16


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
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
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
    with open_member(archive, name, max_bytes=max_bytes) as member:
        return member.read()


def open_member(archive: zipfile.ZipFile, name: str, *, max_bytes: int = MAX_UNZIPPED_BYTES):
    """A member as a binary file that raises ``ArchiveRefused`` past ``max_bytes`` (streamed:
    for ``xml.etree.ElementTree.iterparse`` and the like), or on a damaged member."""
    try:
        member = archive.open(name)
    except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, KeyError) as error:
        raise ArchiveRefused("corrupt") from error  # a bad header, method or password
    return _Bounded(member, max_bytes)


class _Bounded(io.RawIOBase):
    def __init__(self, member, max_bytes: int):
        self.member = member
        self.max_bytes = max_bytes
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        # at most one byte past the limit, to know it was passed
        size = min(len(buffer), self.max_bytes + 1 - self.count)
        try:
            data = self.member.read(size)
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as error:
            raise ArchiveRefused("corrupt") from error
        self.count += len(data)
        if self.count > self.max_bytes:
            raise ArchiveRefused("unzipped", self.count, self.max_bytes)
        buffer[: len(data)] = data
        return len(data)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            chunks = []
            while chunk := super().read(CHUNK):
                chunks.append(chunk)
            return b"".join(chunks)
        return super().read(size)

    def close(self) -> None:
        self.member.close()
        super().close()
