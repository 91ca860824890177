"""DOCX to PDF through LibreOffice headless (``soffice``), in a directory of its own
with a profile of its own, so that two conversions never share LibreOffice's lock."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

TIMEOUT = 300  # seconds; a report of the province's size converts in well under a minute


class PdfUnavailable(Exception):
    """No LibreOffice on this server: the DOCX is all there is."""


class PdfFailed(Exception):
    """LibreOffice ran and gave no PDF."""


def soffice() -> str | None:
    """The LibreOffice program: ``THEODOI_SOFFICE`` (a path, or "" to turn PDFs off),
    else ``soffice`` on the PATH."""
    configured = getattr(settings, "THEODOI_SOFFICE", None)
    if configured is not None:
        return configured or None
    return shutil.which("soffice")


def docx_to_pdf(docx: bytes, *, timeout: int = TIMEOUT) -> bytes:
    program = soffice()
    if not program:
        raise PdfUnavailable("LibreOffice (soffice) is not installed on the server")
    with tempfile.TemporaryDirectory(prefix="theodoi-pdf-") as work:
        directory = Path(work)
        source = directory / "document.docx"
        source.write_bytes(docx)
        profile = (directory / "profile").as_uri()
        command = [program, "--headless", "--norestore", f"-env:UserInstallation={profile}"]
        command += ["--convert-to", "pdf", "--outdir", str(directory), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PdfFailed(f"LibreOffice took longer than {timeout} s") from None
        except OSError as error:
            raise PdfUnavailable(f"LibreOffice could not be started: {error}") from None
        result = directory / "document.pdf"
        if not result.exists():
            said = (done.stderr or done.stdout).decode(errors="replace").strip()[-500:]
            raise PdfFailed(f"LibreOffice gave no PDF (exit {done.returncode}): {said}")
        return result.read_bytes()
