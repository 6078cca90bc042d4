"""The tool's RSA keys as PEM and JWK (pure: no ORM)."""

import json
import secrets

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwcrypto.jwk import JWK


def rsa_key_pair_generate() -> tuple[str, str, str]:
    """(kid, private PEM, public PEM) of a new 2048-bit RSA key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    return secrets.token_hex(16), private, public


def public_jwk(*, kid: str, public_pem: str) -> dict:
    """The JWK a platform verifies the tool's messages with."""
    jwk = json.loads(JWK.from_pem(public_pem.encode()).export_public())
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}
