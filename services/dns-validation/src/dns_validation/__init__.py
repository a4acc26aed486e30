"""DNS Validation Service: checks a customer's DNS and keeps polling until it is right.

Public surface: :func:`create_app`, :class:`Settings`, :func:`get_settings`,
:func:`load_settings`, :class:`ConfigError` and the package version.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    #: The installed distribution's version; ``0.0.0`` when run from a source tree never installed.
    __version__ = version("dns-validation-service")
except PackageNotFoundError:  # pragma: no cover - only when run from a bare source tree
    __version__ = "0.0.0"

from dns_validation.core.config import ConfigError, Settings, get_settings, load_settings
from dns_validation.main import create_app

__all__ = [
    "ConfigError",
    "Settings",
    "__version__",
    "create_app",
    "get_settings",
    "load_settings",
]
