"""Report keys: what a member of the public keeps to follow their tip-off.

A key is 16 characters of Crockford's base32 (no I, L, O or U, so nothing reads as another
character): 80 random bits, shown once as XXXX-XXXX-XXXX-XXXX. Only its SHA-256 is stored. With 80
random bits nobody can work back from the hash to the key, so a plain, fast hash is enough (a slow
password hash is for secrets people choose); someone who reads the database cannot follow a case
as the reporter, and the bureau cannot show a lost key again.
"""

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16
GROUP = 4
# What people mistype when they copy a key by hand, read as Crockford's base32 reads it.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_key() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def grouped(key: str) -> str:
    """`key` in groups of four, as the reporter is shown it: 7K3M-…"""
    return "-".join(key[index : index + GROUP] for index in range(0, len(key), GROUP))


def normalised(typed: str) -> str:
    """The key as typed, in any case, with or without dashes and spaces; '' if it cannot be a key."""
    key = "".join(typed.split()).replace("-", "").upper().translate(_LOOKALIKES)
    if len(key) != LENGTH or any(char not in ALPHABET for char in key):
        return ""
    return key


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("ascii")).hexdigest()
