#!/usr/bin/env python3
"""Builds jwks.json from the committed public PEMs (test-only keys). Run once; output is committed."""
import base64, json
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa, ec, ed25519

def b64u(b): return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
def load(p): return serialization.load_pem_public_key(open(p, "rb").read())
keys = []
r = load("rsa-public.pem").public_numbers()
keys.append({"kty": "RSA", "kid": "test-rsa", "alg": "RS256", "use": "sig",
             "n": b64u(r.n.to_bytes((r.n.bit_length() + 7) // 8, "big")), "e": b64u(r.e.to_bytes(3, "big"))})
for name, alg, crv, size in [("p256", "ES256", "P-256", 32), ("p384", "ES384", "P-384", 48)]:
    n = load(f"{name}-public.pem").public_numbers()
    keys.append({"kty": "EC", "kid": f"test-{name}", "alg": alg, "use": "sig", "crv": crv,
                 "x": b64u(n.x.to_bytes(size, "big")), "y": b64u(n.y.to_bytes(size, "big"))})
e = load("ed25519-public.pem").public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
keys.append({"kty": "OKP", "kid": "test-ed25519", "alg": "EdDSA", "use": "sig", "crv": "Ed25519", "x": b64u(e)})
json.dump({"keys": keys}, open("jwks.json", "w"), indent=2)
