"""`cloudconnexa.bulk` from Python: the engine of the import commands (issue 9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cloudconnexa import CloudConnexaClient, InvalidArgumentError
from cloudconnexa.bulk import KINDS, Journal, import_rows, read_rows


def test_import_rows_from_python(fake, tmp_path: Path) -> None:
    group = fake.state.default_group_id
    source = tmp_path / "users.json"
    rows = [{"username": f"p{i}", "email": f"p{i}@example.com", "groupId": group} for i in range(5)]
    source.write_text(json.dumps(rows))
    seen: list[int] = []
    with CloudConnexaClient(fake.base_url, fake.client_id, fake.client_secret) as client:
        journal = Journal(tmp_path / "users.journal")
        try:
            report = import_rows(
                client,
                KINDS["users"],
                read_rows(source, KINDS["users"]),
                journal,
                stop_on_error=False,
                progress=lambda done, _report: seen.append(done),
            )
        finally:
            journal.close()
    assert report.as_dict()["created"] == 5
    assert seen == [1, 2, 3, 4, 5]
    with Journal(tmp_path / "users.journal") as again:
        assert len(again.done) == 5


def test_read_rows_types_csv_cells(tmp_path: Path) -> None:
    source = tmp_path / "records.csv"
    source.write_text("domain,ipv4Addresses\na.example.com,10.0.0.1; 10.0.0.2\n")
    assert read_rows(source, KINDS["dns_records"]) == [
        {"domain": "a.example.com", "ipv4Addresses": ["10.0.0.1", "10.0.0.2"]}
    ]
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    with pytest.raises(InvalidArgumentError, match="not valid JSON"):
        read_rows(bad, KINDS["users"])


def test_a_journal_line_cut_short_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "j"
    path.write_text('{"key": "a", "id": "1", "action": "created"}\n{"key": "b", "id"')
    journal = Journal(path)
    journal.close()
    assert journal.done == {"a": "1"}
