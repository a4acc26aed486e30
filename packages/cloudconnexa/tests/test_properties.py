"""Property tests: URL normalisation is idempotent; the throttle never exceeds its rate."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cloudconnexa import ConfigurationError, Throttle
from cloudconnexa._config import normalize_base_url

cloud_ids = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)
suffixes = st.sampled_from(["", "/", "/api", "/api/v1", "/api/v1/", "/api/beta"])


@given(cloud_ids, suffixes, st.booleans())
def test_normalisation_is_idempotent(cloud_id, suffix, with_scheme):
    text = f"{'https://' if with_scheme else ''}{cloud_id}.api.openvpn.com{suffix}"
    normalized = normalize_base_url(text)
    assert normalized == f"https://{cloud_id}.api.openvpn.com"
    assert normalize_base_url(normalized) == normalized
    assert normalize_base_url(cloud_id) == normalized


@given(st.text(max_size=40))
def test_normalisation_accepts_or_raises_configuration_error(text):
    try:
        result = normalize_base_url(text)
    except ConfigurationError:
        return
    assert result.startswith(("https://", "http://"))
    assert normalize_base_url(result) == result


@given(
    rate=st.floats(min_value=0.5, max_value=50),
    burst=st.integers(min_value=1, max_value=30),
    gaps=st.lists(st.floats(min_value=0, max_value=0.5), min_size=1, max_size=80),
)
def test_throttle_schedule_respects_the_bucket(rate, burst, gaps):
    now = [0.0]
    throttle = Throttle(rate=rate, burst=burst, clock=lambda: now[0])
    sends = []
    for gap in gaps:
        now[0] += gap
        sends.append(now[0] + throttle.reserve())
    sends.sort()
    # Token-bucket invariant: any window [t0, t1] holds at most burst + rate * (t1 - t0) sends.
    for i in range(len(sends)):
        for j in range(i, len(sends)):
            assert j - i + 1 <= burst + rate * (sends[j] - sends[i]) + 1e-6
