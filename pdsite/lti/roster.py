"""Names and Role Provisioning: the course's members, as the platform lists them, matched to
pdsite accounts (through their LTI links), with each one's coverage of the launched clip."""

from __future__ import annotations

from dataclasses import dataclass

from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.service_connector import ServiceConnector

from .models import LtiAccount, PlatformRegistration

NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"


@dataclass(frozen=True)
class RosterRow:
    name: str
    email: str
    roles: str  # short names: "Learner, Instructor"
    linked: bool  # has launched pdsite (has an account here)
    percent_watched: int | None  # of the launched clip; None: not started or no clip


def _short(role: str) -> str:
    return role.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def roster_for_launch(*, registration: PlatformRegistration, nrps: dict, video_id: int | None) -> list[RosterRow]:
    """The members the platform lists (one HTTP round per page), by name. Two queries."""
    from pdsite.progress.models import ViewingRecord

    from .tool_config import PdsiteToolConf

    connector = ServiceConnector(PdsiteToolConf().registration_for(registration))
    members = NamesRolesProvisioningService(connector, nrps).get_members()
    members = [member for member in members if member.get("status", "Active") == "Active"]
    users = dict(
        LtiAccount.objects.filter(registration=registration, sub__in=[m["user_id"] for m in members]).values_list("sub", "user_id")
    )
    coverage = {}
    if video_id is not None:
        coverage = dict(ViewingRecord.objects.filter(video_id=video_id, user_id__in=users.values()).values_list("user_id", "coverage"))
    rows = []
    for member in members:
        user_id = users.get(member["user_id"])
        rows.append(
            RosterRow(
                name=member.get("name") or " ".join(filter(None, [member.get("given_name"), member.get("family_name")])) or member["user_id"],
                email=member.get("email", ""),
                roles=", ".join(_short(role) for role in member.get("roles", [])),
                linked=user_id is not None,
                percent_watched=int(coverage[user_id] * 100) if user_id in coverage else None,
            )
        )
    return sorted(rows, key=lambda row: row.name.lower())
