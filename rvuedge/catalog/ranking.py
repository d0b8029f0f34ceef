"""The order of search hits: a pure function of the candidates the index found. No I/O.

Stages stay in order (exact code, code prefix, a name or alias typed whole, then words). Within
the words stage a hit ranks by how the typed words meet its names (the match tier below), then
the common procedure (a code the seed explains, with plain language and aliases) before the rare
one. Among equals the physician's own recent codes come first, then codes of the profile's
specialty, then the code with more names clinicians use (the seed lists more aliases for the
procedure done more often: TKA before a partial knee), then the engine's own order (bm25 /
ts_rank, or alias rank then code order).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rvuedge.catalog.search_index import Term, tokens

WORDS_STAGE = 4

# Match tiers of the words stage (lower is better).
ALIAS_STARTS, NAME_STARTS_OR_ALIAS_HAS, NAME_HAS, EVERY_WORD_NAMED, OTHER = range(5)


@dataclass(frozen=True)
class Candidate:
    code: str
    stage: int  # search.EXACT .. search.SIMILAR
    order: int  # the engine's position within its stage (1 is its best)
    common: bool  # a common procedure: the seed gives it plain language and aliases
    name: str
    aliases: tuple[str, ...]
    specialties: tuple[str, ...]
    recent: bool  # the physician logged it recently


def specialty_matches(profile: str | None, specialties: Sequence[str]) -> bool:
    """True when one of a code's specialties is the profile's, or contains or is contained in
    it ("Cardiology (Interventional)" counts as Cardiology, "Pulmonary and Critical Care" as
    Critical Care)."""
    if not profile:
        return False
    mine = profile.strip().lower()
    return any(s.lower() in mine or mine in s.lower() for s in specialties if s)


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    """The words of a name (memoized: the same names come back query after query)."""
    return tuple(tokens(text))


def _term_hits(term: Term, token: str) -> bool:
    return token in term.alternatives or (term.prefix and token.startswith(term.alternatives))


def _phrase_at(terms: Sequence[Term], words: Sequence[str]) -> int | None:
    """Where the typed words occur in a row in words (None: they do not)."""
    first, rest = terms[0], terms[1:]
    for start in range(len(words) - len(terms) + 1):
        if _term_hits(first, words[start]) and all(
            _term_hits(t, words[start + 1 + j]) for j, t in enumerate(rest)
        ):
            return start
    return None


def match_tier(terms: Sequence[Term], name: str, aliases: Sequence[str]) -> int:
    """How well the typed words meet a code's own names (lower is better)."""
    if not terms:
        return OTHER
    alias_words = [_words(a) for a in aliases]
    name_words = _words(name)
    # Most candidates (found by their CMS descriptor) do not name every typed word: one pass
    # over their words tells, and a phrase needs every word anyway.
    named = set(name_words).union(*alias_words)
    if not all(any(_term_hits(t, w) for w in named) for t in terms):
        return OTHER
    alias_at = [_phrase_at(terms, w) for w in alias_words]
    if 0 in alias_at:
        return ALIAS_STARTS
    name_at = _phrase_at(terms, name_words)
    if name_at == 0 or any(at is not None for at in alias_at):
        return NAME_STARTS_OR_ALIAS_HAS
    if name_at is not None:
        return NAME_HAS
    return EVERY_WORD_NAMED


def rank(
    candidates: Sequence[Candidate], *, terms: Sequence[Term], specialty: str | None
) -> list[Candidate]:
    """The candidates best first (stable for equal keys)."""

    def key(c: Candidate) -> tuple:
        tier = match_tier(terms, c.name, c.aliases) if c.stage >= WORDS_STAGE else 0
        return (
            c.stage,
            tier,
            not c.common,
            not c.recent,
            not specialty_matches(specialty, c.specialties),
            -len(c.aliases),
            c.order,
            c.code,
        )

    return sorted(candidates, key=key)
