"""Optional PDF conversion of rendered documents with LibreOffice (``soffice``).

Each call uses its own temporary directory and its own LibreOffice user profile
(``-env:UserInstallation=file:///tmp/...``), so parallel conversions do not collide.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import DocumentError


def soffice_available() -> bool:
    """Whether LibreOffice's ``soffice`` is on the PATH."""
    return shutil.which("soffice") is not None


#: LibreOffice's PDF export filter with PDF/A-2b selected (``SelectPdfVersion`` 2).
PDFA_2B = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def to_pdfa(docx: bytes, timeout: float = 120) -> bytes:
    """Convert DOCX bytes to a PDF/A-2b file for the archive (text kept, XMP ``pdfaid``).

    LibreOffice writes a new document ID and time each run: the bytes differ every time,
    so the caller keeps the copy it made.  Raises :class:`DocumentError` like :func:`to_pdf`.
    """
    return to_pdf(docx, timeout=timeout, target=PDFA_2B)


def to_pdf(docx: bytes, timeout: float = 120, target: str = "pdf") -> bytes:
    """Convert DOCX bytes to PDF bytes with ``soffice --headless --convert-to pdf``
    (``target`` may name the export filter and its options, as :data:`PDFA_2B` does).

    Raises :class:`DocumentError` when LibreOffice is missing, fails or times out.
    """
    soffice = shutil.which("soffice")
    if soffice is None:
        raise DocumentError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="baqylau-pdf-") as tmp:
        work = Path(tmp)
        source = work / "document.docx"
        source.write_bytes(docx)
        out_dir = work / "out"
        out_dir.mkdir()
        profile = (work / "profile").as_uri()
        command = [
            soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible",
            "--nologo", "--norestore", "--nodefault", "--nolockcheck",
            "--convert-to", target, "--outdir", str(out_dir), str(source),
        ]
        env = {**os.environ, "HOME": tmp}
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                cwd=tmp, env=env, start_new_session=True)
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise DocumentError(f"PDF conversion timed out after {timeout} s") from None
        target = out_dir / "document.pdf"
        if proc.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
            detail = (stderr or stdout).decode("utf-8", "replace").strip()[-500:]
            raise DocumentError(
                f"PDF conversion failed (soffice exit code {proc.returncode}): {detail}")
        return target.read_bytes()


def _kill_group(proc: subprocess.Popen) -> None:
    """Stop the soffice process started by this call and its children (own session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()
