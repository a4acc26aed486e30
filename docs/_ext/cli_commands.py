"""The three typer applications, for the ``.. typer::`` directive of sphinxcontrib-typer.

The CLI reference renders each application's own help, so the pages always show the commands and
options the programs really take.
"""

from __future__ import annotations

from cloudconnexa.cli._app import app as cloudconnexa
from dns_services_gateway.cli._app import app as dns_services
from dns_validation.cli import app as dns_validation

__all__ = ["cloudconnexa", "dns_services", "dns_validation"]
