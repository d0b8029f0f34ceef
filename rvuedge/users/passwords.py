"""Password policy: length, and not a common password. Pure."""

import sys
import threading
from importlib import resources

MIN_LENGTH = 10
MAX_LENGTH = 256


_loading = threading.Lock()
_common: frozenset[str] | None = None


def common_passwords() -> frozenset[str]:
    """zxcvbn's 30,000 common passwords (those long enough to matter), plus a list of our own.

    Read the first time a password is checked, not at start-up; zxcvbn's frequency lists (about
    11 MB of words, names and passwords, of which these few are kept) are let go afterwards.
    Loaded once under a lock: sign-ups arrive together, and one thread dropping zxcvbn's modules
    while another imports them hung the import (and the sign-up's write lock with it)."""
    global _common
    if _common is None:
        with _loading:
            if _common is None:
                _common = _load()
    return _common


def _load() -> frozenset[str]:
    loaded = set(sys.modules)
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    text = resources.files("rvuedge.users").joinpath("common_passwords.txt").read_text("utf-8")
    ours = {line.strip().lower() for line in text.splitlines() if line.strip()}
    kept = frozenset(
        ours | {p.lower() for p in FREQUENCY_LISTS["passwords"] if len(p) >= MIN_LENGTH}
    )
    del FREQUENCY_LISTS
    for name in set(sys.modules) - loaded:  # zxcvbn (its matcher ranks every list: memory)
        if name == "zxcvbn" or name.startswith("zxcvbn."):
            del sys.modules[name]
    return kept


def password_problem(password: str, *, email: str | None = None) -> str | None:
    """What is wrong with a new password, in words, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Password must be at least {MIN_LENGTH} characters long."
    if len(password) > MAX_LENGTH:
        return f"Password must be at most {MAX_LENGTH} characters long."
    lowered = password.lower()
    if lowered in common_passwords():
        return "Password is on a list of common passwords; choose a less guessable one."
    if len(set(lowered)) <= 2:
        return "Password repeats one or two characters; choose a less guessable one."
    if lowered in "01234567890123456789" or lowered in "abcdefghijklmnopqrstuvwxyz":
        return "Password is a simple sequence; choose a less guessable one."
    if email and lowered in {email.lower(), email.split("@")[0].lower()}:
        return "Password must not be your email address."
    return None
