"""The shared text-file reader behind bulk import files and tenant documents."""

from pathlib import Path

import pytest

from cloudconnexa._textfile import read_text
from cloudconnexa.config import DocumentError


def test_a_byte_order_mark_is_dropped_only_with_utf_8_sig(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes(b"\xef\xbb\xbfname\n")
    assert read_text(path, DocumentError, encoding="utf-8-sig") == "name\n"
    assert read_text(path, DocumentError) == "\ufeffname\n"


def test_errors_are_the_callers_class_with_the_reason(tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"caf\xe9\n")
    with pytest.raises(DocumentError, match=r"latin\.yaml is not UTF-8 text"):
        read_text(latin, DocumentError)
    with pytest.raises(DocumentError, match=r"cannot read .*missing\.yaml: No such file"):
        read_text(tmp_path / "missing.yaml", DocumentError)
    with pytest.raises(ValueError, match="cannot read"):
        read_text(tmp_path, ValueError)
