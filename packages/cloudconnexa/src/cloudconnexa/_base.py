"""Logic without I/O shared by the async and sync clients, by job, importable from here.

The jobs live in their own modules, so that ``_async`` and the generated ``_sync`` only do
I/O:

* :mod:`cloudconnexa._retry`: the retry policy and the decision to repeat a request;
* :mod:`cloudconnexa._ratelimit`: the rate-limit headers, ``Retry-After``, the throttle and
  the shared cooldown (cloudconnexa-api.md §9);
* :mod:`cloudconnexa._errormap`: body parsing and the status-to-exception mapping;
* :mod:`cloudconnexa._logs`: the ``cloudconnexa`` logger and the redaction of secrets;
* :mod:`cloudconnexa._paging`: page sizes, page numbers and cursors.

This module re-exports their names, so imports from ``cloudconnexa._base`` keep working.
"""

from __future__ import annotations

from cloudconnexa._errormap import (
    _field_errors as _field_errors,
)
from cloudconnexa._errormap import (
    _request_id as _request_id,
)
from cloudconnexa._errormap import (
    error_message as error_message,
)
from cloudconnexa._errormap import (
    is_unknown_path as is_unknown_path,
)
from cloudconnexa._errormap import (
    make_status_error as make_status_error,
)
from cloudconnexa._errormap import (
    parse_body as parse_body,
)
from cloudconnexa._logs import (
    _SECRET_KEYS as _SECRET_KEYS,
)
from cloudconnexa._logs import (
    REDACTED as REDACTED,
)
from cloudconnexa._logs import (
    body_for_log as body_for_log,
)
from cloudconnexa._logs import (
    log_exchange as log_exchange,
)
from cloudconnexa._logs import (
    logger as logger,
)
from cloudconnexa._logs import (
    monotonic as monotonic,
)
from cloudconnexa._logs import (
    redact as redact,
)
from cloudconnexa._paging import (
    MAX_PAGE_SIZE as MAX_PAGE_SIZE,
)
from cloudconnexa._paging import (
    check_page_size as check_page_size,
)
from cloudconnexa._paging import (
    next_cursor as next_cursor,
)
from cloudconnexa._paging import (
    next_page_number as next_page_number,
)
from cloudconnexa._ratelimit import (
    Cooldown as Cooldown,
)
from cloudconnexa._ratelimit import (
    RateLimitInfo as RateLimitInfo,
)
from cloudconnexa._ratelimit import (
    Throttle as Throttle,
)
from cloudconnexa._ratelimit import (
    parse_retry_after as parse_retry_after,
)
from cloudconnexa._ratelimit import (
    rate_limit_wait as rate_limit_wait,
)
from cloudconnexa._retry import (
    _UNKNOWN_HOST_ERRNOS as _UNKNOWN_HOST_ERRNOS,
)
from cloudconnexa._retry import (
    IDEMPOTENT_EXTENSION as IDEMPOTENT_EXTENSION,
)
from cloudconnexa._retry import (
    IDEMPOTENT_METHODS as IDEMPOTENT_METHODS,
)
from cloudconnexa._retry import (
    RetryPolicy as RetryPolicy,
)
from cloudconnexa._retry import (
    is_connection_refused as is_connection_refused,
)
from cloudconnexa._retry import (
    is_idempotent as is_idempotent,
)
from cloudconnexa._retry import (
    is_unknown_host as is_unknown_host,
)
from cloudconnexa._retry import (
    retry_delay_for_exception as retry_delay_for_exception,
)
from cloudconnexa._retry import (
    retry_delay_for_response as retry_delay_for_response,
)
