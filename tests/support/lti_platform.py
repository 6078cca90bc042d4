"""A small but real LTI 1.3 platform for the tests (issue #16): an HTTP server thread that serves
its JWKS, answers the tool's OIDC authentication request with a signed id_token (RS256, its own
RSA keys, which rotate), frames the tool in a course page (for the browser), and receives and
verifies the tool's signed Deep Linking response against the tool's JWKS, grants access tokens
for a signed client assertion (/token), takes scores (AGS, /lineitems/<id>/scores) and lists the
course roster (NRPS, /memberships). Real HTTP, real crypto: pylti1p3 in the tool fetches this
platform's keys, tokens, roster and posts scores over the socket.

    platform = LtiPlatform()            # started; platform.issuer is http://127.0.0.1:<port>
    platform.expect(hint, message)      # what the next login with lti_message_hint=hint launches
    platform.authorize(query)           # → (redirect_uri, {"id_token": ..., "state": ...})
    platform.stop()
"""

from __future__ import annotations

import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
AGS_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


class PlatformRefused(Exception):
    """The platform refused the tool's request (a wrong client, redirect or signature)."""


@dataclass
class PlatformUser:
    sub: str
    email: str = ""
    given_name: str = ""
    family_name: str = ""
    roles: list[str] = field(default_factory=lambda: [LEARNER])


def _new_key():
    return secrets.token_hex(8), rsa.generate_private_key(public_exponent=65537, key_size=2048)


class LtiPlatform:
    def __init__(self, *, client_id: str = "pdsite-tool", deployment_id: str = "deployment-1"):
        self.client_id = client_id
        self.deployment_id = deployment_id
        self.keys = [_new_key()]  # newest last; the newest signs
        self.pending: dict[str, dict] = {}  # lti_message_hint → message to launch
        self.received: list[dict] = []  # verified Deep Linking responses (their JWT bodies)
        self.scores: list[dict] = []  # scores the tool posted (AGS), as received
        self.tokens: dict[str, list[str]] = {}  # access token → scopes granted
        self.members: list[PlatformUser] = []  # the course's roster (NRPS)
        self.tool_jwks_url = ""  # where to fetch the tool's keys over HTTP (a live server's)
        self.tool_jwks_fetch = None  # or a callable returning them (the Django test client)
        self.tool_login_url = ""
        self.redirect_uris: set[str] = set()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    # --- identity ---------------------------------------------------------------------------
    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.issuer + path

    def registration_fields(self) -> dict:
        """What the tool's administrator types into the registration form."""
        return {
            "name": "Test platform",
            "issuer": self.issuer,
            "client_id": self.client_id,
            "deployment_ids": self.deployment_id,
            "auth_login_url": self.url("/auth"),
            "auth_token_url": self.url("/token"),
            "key_set_url": self.url("/jwks"),
        }

    def jwks(self) -> dict:
        return {
            "keys": [
                {**json.loads(RSAAlgorithm.to_jwk(key.public_key())), "kid": kid, "alg": "RS256", "use": "sig"}
                for kid, key in self.keys
            ]
        }

    def rotate_key(self, *, drop_old: bool = False) -> None:
        self.keys = [*([] if drop_old else self.keys), _new_key()]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- messages ---------------------------------------------------------------------------
    def resource_link(
        self, user: PlatformUser, *, custom: dict | None = None, link_id: str = "link-1", graded: bool = False,
        roster: bool = False,
    ) -> dict:
        message = {
            **self._base(user, "LtiResourceLinkRequest"),
            CLAIM + "resource_link": {"id": link_id, "title": "PD clip"},
            CLAIM + "custom": custom or {},
        }
        if roster:  # Names and Role Provisioning for the course
            message[NRPS_CLAIM] = {"context_memberships_url": self.url("/memberships"), "service_versions": ["2.0"]}
        if graded:  # Assignment and Grade Services: one line item for this link
            message[AGS_CLAIM] = {
                "scope": [AGS_SCOPE + "lineitem", AGS_SCOPE + "result.readonly", AGS_SCOPE + "score"],
                "lineitem": self.url(f"/lineitems/{link_id}"),
                "lineitems": self.url("/lineitems"),
            }
        return message

    def deep_linking(self, user: PlatformUser) -> dict:
        return {
            **self._base(user, "LtiDeepLinkingRequest"),
            DL_CLAIM + "deep_linking_settings": {
                "deep_link_return_url": self.url("/deep-link-return"),
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "accept_multiple": False,
                "data": "opaque-platform-data",
            },
        }

    def _base(self, user: PlatformUser, message_type: str) -> dict:
        claims = {
            "sub": user.sub,
            CLAIM + "message_type": message_type,
            CLAIM + "version": "1.3.0",
            CLAIM + "deployment_id": self.deployment_id,
            CLAIM + "target_link_uri": "",
            CLAIM + "roles": user.roles,
            CLAIM + "context": {"id": "course-7", "title": "Year 7 maths"},
        }
        for name in ("email", "given_name", "family_name"):
            if getattr(user, name):
                claims[name] = getattr(user, name)
        return claims

    def expect(self, message: dict) -> str:
        """Queue `message` for the next launch; returns its lti_message_hint."""
        hint = secrets.token_hex(6)
        self.pending[hint] = message
        return hint

    def login_query(self, hint: str, *, target: str) -> dict:
        """The third-party-initiated login request the platform sends the tool."""
        return {
            "iss": self.issuer,
            "login_hint": self.pending[hint]["sub"],
            "target_link_uri": target,
            "lti_message_hint": hint,
            "client_id": self.client_id,
            "lti_deployment_id": self.deployment_id,
        }

    def sign(self, claims: dict, *, key=None, kid=None, **overrides) -> str:
        """An id_token for `claims`, signed by the newest key (or the given one)."""
        now = int(time.time())
        body = {"iss": self.issuer, "aud": self.client_id, "iat": now, "exp": now + 300, **claims, **overrides}
        kid = kid or self.keys[-1][0]
        key = key or self.keys[-1][1]
        return jwt.encode(body, key, algorithm="RS256", headers={"kid": kid})

    def authorize(self, query: dict) -> tuple[str, dict]:
        """The OIDC authentication endpoint: check the tool's request and answer with the form
        post the platform would make (redirect_uri, {id_token, state})."""
        if query.get("client_id") != self.client_id:
            raise PlatformRefused("unknown client")
        if query.get("response_type") != "id_token" or query.get("scope") != "openid" or not query.get("nonce"):
            raise PlatformRefused("not an LTI OIDC authentication request")
        redirect_uri = query["redirect_uri"]
        if self.redirect_uris and redirect_uri not in self.redirect_uris:
            raise PlatformRefused(f"redirect_uri {redirect_uri} is not registered")
        message = self.pending.pop(query["lti_message_hint"])
        if message["sub"] != query.get("login_hint"):
            raise PlatformRefused("login_hint does not match the launch")
        message = {**message, CLAIM + "target_link_uri": redirect_uri}
        return redirect_uri, {"id_token": self.sign(message, nonce=query["nonce"]), "state": query["state"]}

    def verify_deep_link(self, token: str) -> dict:
        """Verify the tool's LtiDeepLinkingResponse with the tool's JWKS (fetched over HTTP)."""
        key = self._tool_key(token)
        body = jwt.decode(
            token, RSAAlgorithm.from_jwk(json.dumps(key)), algorithms=["RS256"], audience=self.issuer, issuer=self.client_id
        )
        if body.get(CLAIM + "message_type") != "LtiDeepLinkingResponse":
            raise PlatformRefused("not a deep linking response")
        if body.get(CLAIM + "deployment_id") != self.deployment_id:
            raise PlatformRefused("wrong deployment")
        if body.get(DL_CLAIM + "data") != "opaque-platform-data":
            raise PlatformRefused("the platform's data was not returned")
        self.received.append(body)
        return body

    def _tool_key(self, token: str) -> dict:
        """The tool's public key that signed `token`, from the tool's JWKS."""
        fetched = self.tool_jwks_fetch() if self.tool_jwks_fetch else requests.get(self.tool_jwks_url, timeout=10).json()
        kid = jwt.get_unverified_header(token).get("kid")
        match = [key for key in fetched["keys"] if key.get("kid") == kid]
        if not match:
            raise PlatformRefused(f"the tool's key set has no key {kid!r}")
        return match[0]

    def grant_token(self, form: dict) -> dict:
        """The OAuth 2 client-credentials grant with a JWT client assertion (LTI security
        framework): verify the tool's signed assertion, then issue an access token."""
        if form.get("grant_type") != "client_credentials":
            raise PlatformRefused("unsupported grant")
        assertion = form.get("client_assertion", "")
        key = RSAAlgorithm.from_jwk(json.dumps(self._tool_key(assertion)))
        body = jwt.decode(assertion, key, algorithms=["RS256"], audience=self.url("/token"), issuer=self.client_id)
        if body.get("sub") != self.client_id:
            raise PlatformRefused("the assertion's sub is not the client")
        token = secrets.token_urlsafe(16)
        self.tokens[token] = form.get("scope", "").split()
        return {"access_token": token, "token_type": "Bearer", "expires_in": 3600, "scope": form.get("scope", "")}

    def receive_score(self, path: str, authorization: str, content_type: str, body: bytes) -> None:
        token = authorization.removeprefix("Bearer ")
        if AGS_SCOPE + "score" not in self.tokens.get(token, []):
            raise PlatformRefused("no access token with the score scope")
        if content_type != "application/vnd.ims.lis.v1.score+json":
            raise PlatformRefused("not a score")
        self.scores.append({"lineitem": path.removesuffix("/scores"), **json.loads(body)})

    def memberships(self, authorization: str) -> dict:
        if NRPS_SCOPE not in self.tokens.get(authorization.removeprefix("Bearer "), []):
            raise PlatformRefused("no access token with the membership scope")
        members = [
            {
                "status": "Active",
                "user_id": user.sub,
                "name": f"{user.given_name} {user.family_name}".strip(),
                "given_name": user.given_name,
                "family_name": user.family_name,
                "email": user.email,
                "roles": user.roles,
            }
            for user in self.members
        ]
        return {"id": self.url("/memberships"), "context": {"id": "course-7", "title": "Year 7 maths"}, "members": members}

    # --- HTTP -------------------------------------------------------------------------------
    def _handler(self):
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, status: int, body: str, content_type: str = "text/html; charset=utf-8"):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                parts = urlsplit(self.path)
                query = {key: values[0] for key, values in parse_qs(parts.query).items()}
                if parts.path == "/memberships":
                    try:
                        body = platform.memberships(self.headers.get("Authorization", ""))
                    except PlatformRefused as error:
                        return self._send(401, json.dumps({"error": str(error)}), "application/json")
                    return self._send(200, json.dumps(body), "application/vnd.ims.lti-nrps.v2.membershipcontainer+json")
                if parts.path == "/jwks":
                    return self._send(200, json.dumps(platform.jwks()), "application/json")
                if parts.path == "/auth":
                    try:
                        redirect_uri, fields = platform.authorize(query)
                    except (PlatformRefused, KeyError) as error:
                        return self._send(400, _page("Refused", f"<p>{html.escape(str(error))}</p>"))
                    inputs = "".join(
                        f'<input type="hidden" name="{name}" value="{html.escape(value)}">' for name, value in fields.items()
                    )
                    form = f'<form method="post" action="{html.escape(redirect_uri)}" id="f">{inputs}</form>'
                    return self._send(200, _page("Launching", form + '<script>document.getElementById("f").submit()</script>'))
                if parts.path.startswith("/course/"):  # the course page framing the tool
                    hint = parts.path.rsplit("/", 1)[-1]
                    src = platform.tool_login_url + "?" + urlencode(platform.login_query(hint, target=query.get("target", "")))
                    frame = f'<iframe title="pdsite" src="{html.escape(src)}" width="1000" height="700"></iframe>'
                    return self._send(200, _page("Year 7 maths", f"<h1>Year 7 maths</h1>{frame}"))
                return self._send(404, _page("Not found", "<p>Not found</p>"))

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                path = urlsplit(self.path).path
                if path.startswith("/lineitems/") and path.endswith("/scores"):
                    try:
                        platform.receive_score(
                            path, self.headers.get("Authorization", ""), self.headers.get("Content-Type", ""), raw
                        )
                    except PlatformRefused as error:
                        return self._send(401, json.dumps({"error": str(error)}), "application/json")
                    return self._send(200, "{}", "application/json")
                form = {key: values[0] for key, values in parse_qs(raw.decode()).items()}
                if path == "/token":
                    try:
                        return self._send(200, json.dumps(platform.grant_token(form)), "application/json")
                    except (PlatformRefused, jwt.InvalidTokenError) as error:
                        return self._send(400, json.dumps({"error": "invalid_client", "detail": str(error)}), "application/json")
                if path == "/deep-link-return":
                    try:
                        body = platform.verify_deep_link(form.get("JWT", ""))
                    except (PlatformRefused, jwt.InvalidTokenError) as error:
                        return self._send(400, _page("Refused", f"<p data-refused>{html.escape(str(error))}</p>"))
                    titles = ", ".join(item.get("title", "") for item in body[DL_CLAIM + "content_items"])
                    return self._send(200, _page("Content added", f"<h1>Content added</h1><p data-added>{html.escape(titles)}</p>"))
                return self._send(404, _page("Not found", "<p>Not found</p>"))

        return Handler


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
        f"<body><main>{body}</main></body></html>"
    )
