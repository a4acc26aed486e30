"""Property tests of the pure helpers (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dns_services_gateway import InvalidArgumentError
from dns_services_gateway._records import (
    relative_name,
    split_txt,
    to_fqdn,
    unquote_txt,
    validate_record,
)

label = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)


@given(st.text(min_size=0, max_size=700))
def test_split_txt_chunks_are_small_and_lossless(text: str) -> None:
    chunks = split_txt(text)
    assert "".join(chunks) == text
    assert all(len(chunk.encode()) <= 255 for chunk in chunks)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=700))
def test_long_txt_wire_form_round_trips(text: str) -> None:
    if not unquote_txt(text).strip():
        with pytest.raises(InvalidArgumentError):
            validate_record(zone="example.com", name="t", record_type="TXT", content=text)
        return
    spec = validate_record(zone="example.com", name="t", record_type="TXT", content=text)
    assert spec.wire_content == spec.content == unquote_txt(text)


@given(st.lists(label, min_size=1, max_size=4))
def test_names_round_trip(labels: list[str]) -> None:
    relative = ".".join(labels)
    fqdn = to_fqdn(relative, "example.com")
    assert to_fqdn(fqdn, "example.com") == fqdn
    assert to_fqdn(fqdn + ".", "example.com") == fqdn
    assert relative_name(fqdn, "example.com") == relative
