"""Bearer secrets a citizen or a device holds, and the digests stored in their place.

One home for what the complaint references (`feedback`), the booking references
(`appointments`) and the kiosk device tokens (`kiosk`) share:

- `ALPHABET`: Crockford-style letters without 0/O, 1/I/L, so a reference survives being
  read over the phone; three groups of five give 30**15, about 2**73, out of reach of any
  throttled guessing.
- `new_reference(letter)`: "C-XXXXX-XXXXX-XXXXX" from `secrets`.
- `compact(text)`: a typed or scanned reference without dashes, spaces, bidi marks or case.
- `digest(secret)`: the SHA-256 hex digest that the database stores and compares. The
  secrets are random and long, so a plain hash is enough (no key, no salt), and a look-up
  by digest makes the index see a hash, never a prefix of the secret: response times tell
  a guesser nothing about how close they came. A keyed hash is for short secrets (one-time
  codes), not these.

Each caller keeps the normal form its stored digests were made from: complaint references
are hashed with their dashes, booking references compacted, device tokens as issued.
"""

import hashlib
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS, GROUP_LENGTH = 3, 5


def new_reference(letter: str, *, groups: int = GROUPS, length: int = GROUP_LENGTH) -> str:
    """`letter` and `groups` groups of `length` random letters of the alphabet, dashed."""
    parts = ("".join(secrets.choice(ALPHABET) for _ in range(length)) for _ in range(groups))
    return "-".join((letter, *parts))


def compact(text: str) -> str:
    """Only the alphabet's letters of `text`, upper-cased (dashes, spaces and marks dropped)."""
    return "".join(c for c in text.upper() if c in ALPHABET)


def digest(secret: str) -> str:
    """What is stored and compared instead of a bearer secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def pattern(letters: str) -> str:
    """A regular expression (Python and JavaScript alike) matching a whole reference of one
    of `letters`, as printed or typed: each dash may be a space or left out, any case. A QR
    code read by a camera is checked with it before it goes where a typed reference goes."""
    lower = "".join(c.lower() for c in ALPHABET if c.isalpha())
    group = f"[{ALPHABET}{lower}]{{{GROUP_LENGTH}}}"
    sep = "[-\\s]?"
    return f"^\\s*([{letters}{letters.lower()}]){(sep + f'({group})') * GROUPS}\\s*$"
