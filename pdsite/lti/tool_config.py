"""pylti1p3's tool configuration, read from the registrations and keys in the database."""

from __future__ import annotations

from pylti1p3.deployment import Deployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config.abstract import ToolConfAbstract

from . import selectors


class PdsiteRegistration(Registration):
    """pylti1p3's registration with the tool key's own id (the library derives none from a PEM)
    and the registration row it came from."""

    kid: str | None = None
    row = None

    def get_kid(self):
        return self.kid


class PdsiteToolConf(ToolConfAbstract):
    """Every issuer may have many client ids (one registration each); the tool signs with its
    newest unretired key, and `get_jwks` publishes every unretired one."""

    def __init__(self):
        super().__init__()
        self.issuers_relation_types = {}  # the base class keeps a class-level dict: not shared here
        self._signing_key = selectors.signing_key_get()

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def _registration(self, iss: str, client_id: str | None) -> Registration | None:
        row = selectors.registration_get(issuer=iss, client_id=client_id)
        return None if row is None else self.registration_for(row)

    def registration_for(self, row) -> "PdsiteRegistration":
        """pylti1p3's registration for a PlatformRegistration row, with the tool's signing key."""
        registration = (
            PdsiteRegistration()
            .set_issuer(row.issuer)
            .set_client_id(row.client_id)
            .set_auth_login_url(row.auth_login_url)
            .set_auth_token_url(row.auth_token_url)
            .set_key_set_url(row.key_set_url)
        )
        if self._signing_key is not None:
            registration.set_tool_private_key(self._signing_key.private_key)
            registration.set_tool_public_key(self._signing_key.public_key)
            registration.kid = self._signing_key.kid
        registration.row = row
        return registration

    def find_registration_by_issuer(self, iss, *args, **kwargs):
        return self._registration(iss, None)

    def find_registration_by_params(self, iss, client_id, *args, **kwargs):
        return self._registration(iss, client_id)

    def find_deployment(self, iss, deployment_id):
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        row = selectors.registration_get(issuer=iss, client_id=client_id)
        if row is None or deployment_id not in row.deployments:
            return None
        return Deployment().set_deployment_id(deployment_id)

    def get_jwks(self, iss=None, client_id=None, **kwargs):
        return selectors.tool_jwks()
