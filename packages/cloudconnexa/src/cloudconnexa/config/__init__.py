"""Configuration as code: export a tenant as a YAML document, plan and apply changes to it.

The document (schema version 1, described on the "Configuration as code" page) holds the
tenant's user groups, users, networks with their routes, connectors, IP services and
applications, hosts likewise, access groups, DNS records, location contexts, device postures
and settings. Objects refer to each other by name; ids, server-generated fields and secrets
are never written. ``aexport``, ``aplan`` and ``aapply`` do the same with an
``AsyncCloudConnexaClient``. Example::

    from pathlib import Path
    from cloudconnexa import CloudConnexaClient
    from cloudconnexa import config

    with CloudConnexaClient.from_env() as client:
        Path("tenant.yaml").write_text(config.dump_document(config.export(client)))
        # ... edit tenant.yaml ...
        the_plan = config.plan(client, Path("tenant.yaml"))
        for change in the_plan.changes:
            print(change.action, change.address)
        config.apply(client, the_plan)
"""

from cloudconnexa.config._apply import (
    PRUNE_THRESHOLD,
    ApplyError,
    ApplyResult,
    PruneRefusedError,
)
from cloudconnexa.config._functions import aapply, aexport, aplan, apply, export, plan
from cloudconnexa.config._plan import Action, Change, FieldChange, Plan
from cloudconnexa.config._schema import (
    SCHEMA_VERSION,
    DocumentError,
    check_document,
    dump_document,
    load_document,
)

__all__ = [
    "PRUNE_THRESHOLD",
    "SCHEMA_VERSION",
    "Action",
    "ApplyError",
    "ApplyResult",
    "Change",
    "DocumentError",
    "FieldChange",
    "Plan",
    "PruneRefusedError",
    "aapply",
    "aexport",
    "aplan",
    "apply",
    "check_document",
    "dump_document",
    "export",
    "load_document",
    "plan",
]
