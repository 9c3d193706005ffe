"""Uploaded files: allowed types checked by content, size limit, random names outside the
web root, always served as attachments."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from inspections import uploads
from inspections.errors import ValidationFailed

from .conftest import NOW, SYSTEM

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18"
       b"\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def _zip(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(("data", "kind"), [
    (b"%PDF-1.7\n...", "pdf"),
    (PNG, "png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpg"),
    (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00", "mp4"),
    (b"ID3\x04\x00\x00\x00\x00\x00\x00", "mp3"),
    (b"\xff\xfb\x90\x64\x00", "mp3"),
    (_zip("[Content_Types].xml", "word/document.xml"), "docx"),
    (_zip("[Content_Types].xml", "xl/workbook.xml"), "xlsx"),
    (_zip("notes.txt"), "zip"),
])
def test_allowed_types_are_recognised_by_content(data, kind):
    assert uploads.detect_kind(data) == kind


@pytest.mark.parametrize("data", [
    b"MZ\x90\x00\x03\x00\x00\x00",          # a Windows executable
    b"<html><script>alert(1)</script>",    # HTML
    b"GIF89a\x01\x00",                     # an image type not on the list
    b"PK\x03\x04broken",                   # a broken ZIP
    b"just text",
])
def test_other_content_is_refused_whatever_the_name(ctx, data):
    with pytest.raises(ValidationFailed):
        uploads.store(SYSTEM, data, "scan.pdf", now=NOW)


def test_size_limit_from_config(ctx, monkeypatch):
    monkeypatch.setitem(ctx.config, "UPLOAD_MAX_MB", 1)
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    with pytest.raises(ValidationFailed) as e:
        uploads.store(SYSTEM, big, "big.pdf", now=NOW)
    assert "1 MB" in e.value.display()
    assert uploads.store(SYSTEM, big[: 1024 * 1024], "ok.pdf", now=NOW).size == 1024 * 1024
    with pytest.raises(ValidationFailed):
        uploads.store(SYSTEM, b"", "empty.pdf", now=NOW)


def test_default_limit_is_25_mb(app):
    from inspections import config

    assert config.UPLOAD_MAX_MB == 25


def test_stored_outside_the_web_root_under_a_random_name(ctx):
    upload = uploads.store(SYSTEM, PNG, "../../static/evil.jpg", now=NOW)
    folder = ctx.config["UPLOAD_FOLDER"]
    path = os.path.join(folder, upload.stored_name)
    assert os.path.exists(path) and upload.stored_name.isalnum() and len(upload.stored_name) == 32
    assert not os.path.abspath(folder).startswith(os.path.abspath(ctx.static_folder))
    # the real type decides the extension; no directory survives
    assert upload.original_name == "evil.png" and upload.kind == "png"
    assert uploads.read(upload) == PNG
    other = uploads.store(SYSTEM, PNG, "evil.jpg", now=NOW)
    assert other.stored_name != upload.stored_name


def test_served_only_as_an_attachment(ctx):
    upload = uploads.store(SYSTEM, PNG, "photo.png", now=NOW)
    with ctx.test_request_context():
        response = uploads.send(upload)
        response.direct_passthrough = False
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.mimetype == "image/png"
        response.close()
