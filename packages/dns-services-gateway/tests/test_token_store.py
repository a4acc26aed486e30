"""The token file: permissions, atomic replacement, ownership checks."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from dns_services_gateway import TokenFileError
from dns_services_gateway._token_store import StoredTokens, TokenStore

TOKENS = StoredTokens(
    access_token="A" * 40,
    refresh_token="R" * 40,
    username="u@example.com",
    api_url="https://dns.services/api",
)


def test_round_trip_and_modes(tmp_path: Path) -> None:
    store = TokenStore(tmp_path / "deep" / "dir" / "token")
    assert store.load(username="u@example.com", api_url="https://dns.services/api") is None
    store.save(TOKENS)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    assert store.load(username="u@example.com", api_url="https://dns.services/api") == TOKENS
    assert store.load(username="other@example.com", api_url="https://dns.services/api") is None
    assert store.load(username="u@example.com", api_url="http://127.0.0.1:1/api") is None
    assert "A" * 40 not in repr(TOKENS) and "R" * 40 not in repr(TOKENS)
    assert str(store.path) in repr(store)
    assert [p.name for p in store.path.parent.iterdir()] == ["token"]  # no temporary left over
    assert store.delete() is True and store.delete() is False and not store.exists()


def test_save_tightens_an_open_directory(tmp_path: Path) -> None:
    directory = tmp_path / "shared"
    directory.mkdir(mode=0o755)
    os.chmod(directory, 0o755)
    TokenStore(directory / "token").save(TOKENS)
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_shared_directories_are_refused_not_re_moded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sticky = tmp_path / "tmp-like"
    sticky.mkdir()
    os.chmod(sticky, 0o1777)
    with pytest.raises(TokenFileError, match="shared with other users"):
        TokenStore(sticky / "token").save(TOKENS)
    assert stat.S_IMODE(sticky.stat().st_mode) == 0o1777, "/tmp-like directories keep their mode"
    assert not (sticky / "token").exists()
    home = tmp_path / "home"
    home.mkdir()
    os.chmod(home, 0o755)
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(TokenFileError, match="private directory"):
        TokenStore("~/token").save(TOKENS)
    assert stat.S_IMODE(home.stat().st_mode) == 0o755
    TokenStore("~/.dns-services/token").save(TOKENS)
    assert stat.S_IMODE((home / ".dns-services").stat().st_mode) == 0o700


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_directory_of_another_user_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    os.chmod(other, 0o777)
    os.chown(other, 65534, 65534)
    with pytest.raises(TokenFileError, match="shared with other users"):
        TokenStore(other / "token").save(TOKENS)
    assert stat.S_IMODE(other.stat().st_mode) == 0o777


def test_replacing_keeps_mode(tmp_path: Path) -> None:
    store = TokenStore(tmp_path / "token")
    store.save(TOKENS)
    inode = store.path.stat().st_ino
    store.save(StoredTokens("B" * 10, None, "u@example.com", "https://dns.services/api"))
    assert store.path.stat().st_ino != inode  # replaced, not rewritten in place
    assert json.loads(store.path.read_text())["refresh_token"] is None
    loaded = store.load(username="u@example.com", api_url="https://dns.services/api")
    assert loaded is not None and loaded.refresh_token is None


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o666])
def test_exposed_file_refused(tmp_path: Path, mode: int) -> None:
    store = TokenStore(tmp_path / "token")
    store.save(TOKENS)
    os.chmod(store.path, mode)
    with pytest.raises(TokenFileError, match="group or others") as info:
        store.load(username="u@example.com", api_url="https://dns.services/api")
    assert info.value.variable == "DNS_SERVICES_TOKEN_PATH"
    assert "A" * 40 not in str(info.value)


def test_unwritable_and_unreadable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(TokenFileError, match="cannot write"):
        TokenStore(blocker / "token").save(TOKENS)
    directory = tmp_path / "dir-as-token"
    directory.mkdir()
    with pytest.raises(TokenFileError, match="not a regular file"):
        TokenStore(directory).load(username="u", api_url="x")
    locked = tmp_path / "locked" / "token"
    locked.parent.mkdir()
    locked.write_text("{}")
    os.chmod(locked.parent, 0o000)
    try:
        if os.geteuid() != 0:  # root reads anything
            with pytest.raises(TokenFileError, match="cannot read"):
                TokenStore(locked).load(username="u", api_url="x")
    finally:
        os.chmod(locked.parent, 0o700)
