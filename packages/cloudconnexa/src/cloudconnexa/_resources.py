"""One declaration per CRUD resource: everything else about it is derived from this table.

Each :class:`Resource` names the client attribute, the collection path, the response, create
and update models, the natural key (what ``find`` and the CLI's ``--name`` compare), the
parent resource and its query parameter. From it come the services' data
(``AsyncCrudService`` subclasses declare only ``_resource``), the five CRUD entries of
``_operations.OPERATIONS``, the CLI's command groups and the fake's collection paths and
state tables. The paths and parent parameters are those of the API document
(cloudconnexa-api.md §6).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cloudconnexa.types import (
    AccessGroupRequest,
    AccessGroupResponse,
    ApplicationRequest,
    ApplicationResponse,
    DevicePostureRequest,
    DevicePostureResponse,
    DeviceRequest,
    DeviceResponse,
    DnsRecordRequest,
    DnsRecordResponse,
    HostConnectorRequest,
    HostConnectorResponse,
    HostCreateRequest,
    HostIpServiceRequest,
    HostIpServiceResponse,
    HostResponse,
    HostUpdateRequest,
    LocationContextRequest,
    LocationContextResponse,
    NetworkConnectorRequest,
    NetworkConnectorResponse,
    NetworkCreateRequest,
    NetworkIpServiceRequest,
    NetworkIpServiceResponse,
    NetworkResponse,
    NetworkRouteRequest,
    NetworkRouteResponse,
    NetworkUpdateRequest,
    UserCreateRequest,
    UserGroupRequest,
    UserGroupResponse,
    UserResponse,
    UserUpdateRequest,
)

API = "/api/v1"
CRUD_VERBS = ("list", "get", "create", "update", "delete")


@dataclass(frozen=True)
class Resource:
    """The declaration of one CRUD collection.

    Attributes:
        attribute: The client attribute (``networks``); also the fake's state table.
        path: The collection path under ``/api/v1`` (``/networks/routes``).
        model: The response model.
        create_model: The request model of ``create``.
        update_model: The request model of ``update`` (the full PUT body).
        key: The model field that names an item (its natural key).
        parent: The attribute of the parent resource (``networks``), if any.
        parent_param: The query parameter naming the parent (``networkId``); required on
            create, a filter on list.
    """

    attribute: str
    path: str
    model: type[Any]
    create_model: type[Any]
    update_model: type[Any]
    key: str = "name"
    parent: str | None = None
    parent_param: str | None = None

    @property
    def api_path(self) -> str:
        """The collection path with its ``/api/v1`` prefix."""
        return API + self.path

    @property
    def cli_name(self) -> str:
        """The command group of the CLI (``user_groups`` -> ``user-groups``)."""
        return self.attribute.replace("_", "-")

    @property
    def table(self) -> str:
        """The fake's state table of the items."""
        return self.attribute

    def operations(self) -> list[tuple[str, str, str]]:
        """Return the five CRUD operations as ``(method, path, client target)`` rows.

        Returns:
            The rows, in the shape of ``_operations.OPERATIONS``.
        """
        item = self.api_path + "/{id}"
        return [
            ("GET", self.api_path, f"{self.attribute}.list"),
            ("POST", self.api_path, f"{self.attribute}.create"),
            ("GET", item, f"{self.attribute}.get"),
            ("PUT", item, f"{self.attribute}.update"),
            ("DELETE", item, f"{self.attribute}.delete"),
        ]


def _network_child(attribute: str, path: str, model: Any, request: Any, **extra: Any) -> Resource:
    return Resource(
        attribute,
        path,
        model,
        request,
        request,
        parent="networks",
        parent_param="networkId",
        **extra,
    )


def _host_child(attribute: str, path: str, model: Any, request: Any) -> Resource:
    return Resource(attribute, path, model, request, request, parent="hosts", parent_param="hostId")


#: Every CRUD collection of the 1.1.0 document, keyed by client attribute.
RESOURCES: dict[str, Resource] = {
    r.attribute: r
    for r in (
        Resource(
            "networks", "/networks", NetworkResponse, NetworkCreateRequest, NetworkUpdateRequest
        ),
        _network_child(
            "routes", "/networks/routes", NetworkRouteResponse, NetworkRouteRequest, key="subnet"
        ),
        _network_child(
            "network_connectors",
            "/networks/connectors",
            NetworkConnectorResponse,
            NetworkConnectorRequest,
        ),
        _network_child(
            "network_ip_services",
            "/networks/ip-services",
            NetworkIpServiceResponse,
            NetworkIpServiceRequest,
        ),
        _network_child(
            "network_applications",
            "/networks/applications",
            ApplicationResponse,
            ApplicationRequest,
        ),
        Resource("hosts", "/hosts", HostResponse, HostCreateRequest, HostUpdateRequest),
        _host_child(
            "host_connectors", "/hosts/connectors", HostConnectorResponse, HostConnectorRequest
        ),
        _host_child(
            "host_ip_services", "/hosts/ip-services", HostIpServiceResponse, HostIpServiceRequest
        ),
        _host_child(
            "host_applications", "/hosts/applications", ApplicationResponse, ApplicationRequest
        ),
        Resource(
            "user_groups", "/user-groups", UserGroupResponse, UserGroupRequest, UserGroupRequest
        ),
        Resource(
            "users", "/users", UserResponse, UserCreateRequest, UserUpdateRequest, key="username"
        ),
        Resource(
            "devices",
            "/devices",
            DeviceResponse,
            DeviceRequest,
            DeviceRequest,
            parent="users",
            parent_param="userId",
        ),
        Resource(
            "dns_records",
            "/dns-records",
            DnsRecordResponse,
            DnsRecordRequest,
            DnsRecordRequest,
            key="domain",
        ),
        Resource(
            "access_groups",
            "/access-groups",
            AccessGroupResponse,
            AccessGroupRequest,
            AccessGroupRequest,
        ),
        Resource(
            "location_contexts",
            "/location-contexts",
            LocationContextResponse,
            LocationContextRequest,
            LocationContextRequest,
        ),
        Resource(
            "device_postures",
            "/device-postures",
            DevicePostureResponse,
            DevicePostureRequest,
            DevicePostureRequest,
        ),
    )
}


def crud_operations() -> tuple[tuple[str, str, str], ...]:
    """Return the CRUD operations of every resource, in the table's order.

    Returns:
        ``(method, path, client target)`` rows.
    """
    return tuple(row for resource in RESOURCES.values() for row in resource.operations())
