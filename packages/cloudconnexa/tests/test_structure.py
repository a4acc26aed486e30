"""The logic without I/O is split by job, and the old import path keeps working (issue 9)."""

from __future__ import annotations

import importlib

import cloudconnexa._base as base

JOBS = {
    "cloudconnexa._retry": {"RetryPolicy", "retry_delay_for_response", "retry_delay_for_exception"},
    "cloudconnexa._ratelimit": {"RateLimitInfo", "Throttle", "Cooldown", "rate_limit_wait"},
    "cloudconnexa._errormap": {"make_status_error", "parse_body", "is_unknown_path"},
    "cloudconnexa._logs": {"logger", "redact", "body_for_log", "log_exchange"},
    "cloudconnexa._paging": {"check_page_size", "next_page_number", "next_cursor"},
}


def test_each_job_has_its_module_and_base_re_exports_it() -> None:
    for module_name, names in JOBS.items():
        module = importlib.import_module(module_name)
        for name in names:
            assert getattr(base, name) is getattr(module, name), (module_name, name)


def test_base_defines_nothing_of_its_own() -> None:
    own = [
        name
        for name, value in vars(base).items()
        if getattr(value, "__module__", None) == base.__name__
    ]
    assert own == []
