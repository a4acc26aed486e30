"""Which command serves each library operation (a meta test fails when one has none).

The five CRUD verbs of every declared resource are the generated groups
(``<cli name> <verb>``); every other operation of ``_operations.OPERATIONS`` and
``NEWER_OPERATIONS`` is listed here by its client target.
"""

from __future__ import annotations

from cloudconnexa._resources import CRUD_VERBS, RESOURCES

#: Client target -> command path, for the operations that are not CRUD verbs.
OTHER_COMMANDS: dict[str, str] = {
    "authenticate": "authenticate",
    "access_groups.add_source": "access-groups add-source",
    "access_groups.remove_source": "access-groups remove-source",
    "access_groups.add_destination": "access-groups add-destination",
    "access_groups.remove_destination": "access-groups remove-destination",
    "cybershield.add_allow_list_domains": "cybershield add",
    "cybershield.add_block_list_domains": "cybershield add",
    "cybershield.remove_allow_list_domains": "cybershield remove",
    "cybershield.remove_block_list_domains": "cybershield remove",
    "devices.create_profile": "profiles download",
    "devices.revoke_profile": "profiles revoke",
    "network_connectors.create_profile": "profiles download",
    "network_connectors.revoke_profile": "profiles revoke",
    "network_connectors.encrypt_profile": "profiles encrypt",
    "network_connectors.create_bundle": "profiles bundle",
    "network_connectors.start_ipsec": "network-connectors ipsec-start",
    "network_connectors.stop_ipsec": "network-connectors ipsec-stop",
    "host_connectors.create_profile": "profiles download",
    "host_connectors.revoke_profile": "profiles revoke",
    "host_connectors.encrypt_profile": "profiles encrypt",
    "host_connectors.create_bundle": "profiles bundle",
    "dns_log.list": "dns-log list",
    "dns_log.enable": "dns-log enable",
    "dns_log.disable": "dns-log disable",
    "audit_logs.list": "audit-log list",
    "regions.list": "regions list",
    "connections.list": "connections list",
    "users.activate": "users activate",
    "users.suspend": "users suspend",
    "settings.get": "settings get",
    "settings.set": "settings set",
}


def command_for(target: str) -> str | None:
    """Return the command path serving a client target, or ``None`` when there is none.

    Args:
        target: A target of ``OPERATIONS`` (``routes.list``, ``settings.get:wpc/snat``).

    Returns:
        The command path (``routes list``), or ``None``.
    """
    name = target.partition(":")[0]
    service, _, verb = name.rpartition(".")
    if service in RESOURCES and verb in CRUD_VERBS:
        return f"{RESOURCES[service].cli_name} {verb}"
    return OTHER_COMMANDS.get(name)
