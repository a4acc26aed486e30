from pathlib import Path

import pytest

from dns_validation import ConfigError, Settings, get_settings, load_settings
from dns_validation.core.config import ACCEPTS, Nameserver, parse_dns_servers


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    s = load_settings()
    assert (s.host, s.port) == ("127.0.0.1", 3000)
    assert s.database_url == "sqlite+aiosqlite:///./dns-validation.db"
    assert s.nameservers == ()
    assert s.dns_timeout == 5.0
    assert s.dns_poll_interval_seconds == 300
    assert s.job_max_age_seconds == 24 * 3600
    assert s.checkdns_min_interval_seconds == 300
    assert s.checkdns_token is None
    assert s.target_cooldown_seconds == 60
    assert s.max_active_jobs == 100
    assert s.rate_limit_per_minute == 60
    assert s.ui_cname_expected == "forward.haltman.io"
    assert s.email_mx_expected_host == "mail.abin.lat"
    assert s.email_mx_expected_priority == 10
    assert s.email_spf_expected == "v=spf1 mx -all"
    assert s.email_dmarc_expected == "v=DMARC1; p=none"


def test_environment_and_decimals(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DNS_JOB_MAX_AGE_HOURS", "0.001")
    monkeypatch.setenv("DNS_POLL_INTERVAL_SECONDS", "0.5")
    monkeypatch.setenv("DNS_TIMEOUT_MS", "250.5")
    monkeypatch.setenv("UI_CNAME_EXPECTED", "Edge.Example.NET.")
    monkeypatch.setenv("CHECKDNS_TOKEN", "s3cret")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    s = load_settings()
    assert s.job_max_age_seconds == pytest.approx(3.6)
    assert s.dns_poll_interval_seconds == 0.5
    assert s.dns_timeout == pytest.approx(0.2505)
    assert s.ui_cname_expected == "edge.example.net"
    assert s.checkdns_token is not None
    assert s.checkdns_token.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(s)
    assert s.log_level == "DEBUG"


def test_dotenv_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("PORT=4000\nMAX_ACTIVE_JOBS=7\n")
    s = load_settings()
    assert (s.port, s.max_active_jobs) == (4000, 7)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PORT", "0"),
        ("PORT", "http"),
        ("DNS_TIMEOUT_MS", "abc"),
        ("DNS_TIMEOUT_MS", "0"),
        ("DNS_POLL_INTERVAL_SECONDS", "-1"),
        ("DNS_JOB_MAX_AGE_HOURS", "0"),
        ("CHECKDNS_MIN_INTERVAL_SECONDS", "x"),
        ("TARGET_COOLDOWN_SECONDS", "-5"),
        ("MAX_ACTIVE_JOBS", "0"),
        ("RATE_LIMIT_PER_MINUTE", "1.5"),
        ("DNS_SERVERS", "dns.google"),
        ("DNS_SERVERS", "1.1.1.1:99999"),
        ("DNS_SERVERS", "[::1"),
        ("DATABASE_URL", "mysql://x"),
        ("DATABASE_URL", "not a url"),
        ("UI_CNAME_EXPECTED", "https://x"),
        ("EMAIL_MX_EXPECTED_PRIORITY", "70000"),
        ("EMAIL_SPF_EXPECTED", ""),
        ("LOG_LEVEL", "chatty"),
        ("DNS_CHECK_CONCURRENCY", "0"),
        ("DNS_POLL_INTERVAL_SECONDS", "inf"),
        ("DNS_POLL_INTERVAL_SECONDS", "1e308"),
        ("DNS_TIMEOUT_MS", "nan"),
        ("DNS_JOB_MAX_AGE_HOURS", "1e308"),
        ("TARGET_COOLDOWN_SECONDS", "inf"),
        ("CHECKDNS_MIN_INTERVAL_SECONDS", "1e308"),
        ("MAX_ACTIVE_JOBS", "1" + "0" * 400),
        ("HEADER_TIMEOUT_SECONDS", "inf"),
        ("BODY_TIMEOUT_SECONDS", "0"),
        ("KEEP_ALIVE_TIMEOUT_SECONDS", "-1"),
        ("MAX_HEADER_BYTES", "100"),
        ("MAX_HEADER_COUNT", "0"),
        ("MAX_CONNECTIONS", "0"),
        ("MAX_CONNECTIONS_PER_CLIENT", "x"),
    ],
)
def test_bad_value_names_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as info:
        load_settings()
    message = str(info.value)
    assert "\n" not in message
    assert message == f"invalid configuration: {name} accepts {ACCEPTS[name.lower()]}"


def test_secret_never_echoed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        load_settings(port="supersecret")
    assert "supersecret" not in str(info.value)


def test_every_field_has_accepts_text() -> None:
    assert set(ACCEPTS) == set(Settings.model_fields)


def test_get_settings_is_cached_and_clearable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    monkeypatch.setenv("PORT", "3100")
    first = get_settings()
    monkeypatch.setenv("PORT", "3200")
    assert get_settings() is first
    get_settings.cache_clear()
    assert get_settings().port == 3200
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", ()),
        (" , ", ()),
        ("127.0.0.1", (Nameserver("127.0.0.1", 53),)),
        ("127.0.0.1:5353, 10.0.0.1", (Nameserver("127.0.0.1", 5353), Nameserver("10.0.0.1"))),
        ("[::1]:5300", (Nameserver("::1", 5300),)),
        ("[2001:db8::1]", (Nameserver("2001:db8::1", 53),)),
        ("2001:db8::1", (Nameserver("2001:db8::1", 53),)),
    ],
)
def test_parse_dns_servers(value: str, expected: tuple[Nameserver, ...]) -> None:
    assert parse_dns_servers(value) == expected


@pytest.mark.parametrize("value", ["[::1]x", "1.2.3.4:", "1.2.3.4:0", "host:53", "[nope]:53"])
def test_parse_dns_servers_rejects(value: str) -> None:
    with pytest.raises(ValueError):
        parse_dns_servers(value)
