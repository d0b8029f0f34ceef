"""The known codes nearest a mistyped one ("2744-RT" -> 27447 ...). Pure."""

import re
from collections.abc import Collection, Mapping

CODE_LIKE = re.compile(r"^[A-Z0-9]{3,6}$")
DIGITS = "0123456789"


def looks_like_code(typed: str) -> bool:
    """Three to six letters and digits with at least three digits: a code, perhaps mistyped."""
    upper = typed.strip().upper()
    return bool(CODE_LIKE.match(upper)) and sum(ch.isdigit() for ch in upper) >= 3


def _one_edit(code: str) -> set[str]:
    """Five-character strings one substitution, transposition, deletion or insertion away."""
    alphabet = DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    splits = [(code[:i], code[i:]) for i in range(len(code) + 1)]
    out = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in alphabet}
    out |= {a + b[1:] for a, b in splits if b}
    out |= {a + c + b for a, b in splits for c in alphabet}
    return {c for c in out if len(c) == 5 and c != code}


def nearest_codes(
    typed: str,
    known: Collection[str],
    *,
    common: Collection[str] = (),
    names: Mapping[str, int] | None = None,
    limit: int = 5,
) -> list[str]:
    """Known codes nearest typed, best first: the codes that start with it (a code typed short,
    e.g. 2744 -> 27440..27447), then those one typo away (27474 -> 27447), then the codes that
    share its longest prefix; the common procedures first within each group, then the codes with
    more names (aliases, in names), then by closeness of the number."""
    code = typed.strip().upper()
    if not code or code in known:
        return []
    groups: list[list[str]] = []
    if len(code) < 5:
        groups.append([k for k in known if k.startswith(code)])
    groups.append([k for k in _one_edit(code) if k in known])
    for length in range(min(len(code), 4), 1, -1):
        shared = [k for k in known if k.startswith(code[:length])]
        if shared:
            groups.append(shared)
            break
    target = int(code.ljust(5, "0")) if code.isdigit() else None

    def closeness(k: str) -> tuple:
        distance = abs(int(k) - target) if target is not None and k.isdigit() else 10**6
        return (k not in common, -(names or {}).get(k, 0), distance, k)

    out: list[str] = []
    for group in groups:
        for k in sorted(group, key=closeness):
            if k not in out:
                out.append(k)
            if len(out) == limit:
                return out
    return out
