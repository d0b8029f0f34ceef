"""Which code a run of typed words means ("lap chole", "inguinal hernia"). Pure.

The search finds the candidates; this module decides whether one is clearly ahead. Each candidate
is scored by its closest phrase (its name, each alias, its CMS descriptor):

- `missing`: query words the phrase does not contain (a word of four letters or more within one
  edit of a phrase word, a typo or a spelling variant, counts as present);
- `extra`: phrase words the query did not type, not counting generic words (repair, removal,
  initial, of, with, ...), because they are what tells one variant from another
  ("incarcerated", "recurrent", "lap", "IOC").

The best candidate by (missing, extra, search order) is clearly ahead when it misses no query word
and every other candidate scores worse: it needs fewer unstated words. "inguinal hernia" picks
49505 ("inguinal hernia repair": nothing unstated but a generic word) over 49507 ("incarcerated
inguinal hernia"), 49520 ("recurrent ...") and 49650 ("lap ..."); "chole" is a tie between "lap
chole" and "open chole", so the answer lists both instead of guessing.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

WORD = re.compile(r"[a-z0-9]+")
GENERIC = frozenset(
    {
        "a",
        "an",
        "and",
        "by",
        "for",
        "in",
        "initial",
        "of",
        "on",
        "or",
        "procedure",
        "removal",
        "repair",
        "the",
        "to",
        "with",
    }
)
# Words that say which side; they become modifiers instead of search words.
SIDE_WORDS = {
    "rt": "RT",
    "right": "RT",
    "lt": "LT",
    "left": "LT",
    "bilateral": "50",
    "bilat": "50",
}
MAX_CANDIDATES = 5


def words_of(text: str) -> list[str]:
    return WORD.findall(text.lower())


@dataclass(frozen=True)
class Candidate:
    code: str
    name: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    missing: int
    extra: int


@dataclass(frozen=True)
class Pick:
    code: str | None  # None: no candidate is clearly ahead
    ranked: tuple[Scored, ...]  # best first


def within_one_edit(a: str, b: str) -> bool:
    """One deletion, insertion, substitution or transposition at most."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (
            a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :]
        )
    return a[i:] == b[i + 1 :]


def _same_word(typed: str, known: str) -> bool:
    return typed == known or (min(len(typed), len(known)) >= 4 and within_one_edit(typed, known))


def score(query: Sequence[str], phrase: str) -> tuple[int, int]:
    """(missing, extra) of one phrase for the query words."""
    present = set(words_of(phrase))
    covered: set[str] = set()
    missing = 0
    for word in query:
        hit = {known for known in present if _same_word(word, known)}
        if hit:
            covered |= hit
        else:
            missing += 1
    extra = sum(1 for w in present - covered if w not in GENERIC)
    return missing, extra


def pick(query: Sequence[str], candidates: Sequence[Candidate]) -> Pick:
    """Candidates come in search order; see the module docstring for the rule."""
    scored = []
    for order, candidate in enumerate(candidates):
        best = min(
            (score(query, phrase) for phrase in candidate.phrases if phrase.strip()),
            default=(len(query), 0),
        )
        scored.append((best, order, Scored(candidate, *best)))
    scored.sort(key=lambda s: (s[0], s[1]))
    ranked = tuple(s[2] for s in scored)
    if not ranked or ranked[0].missing:
        return Pick(None, ranked)
    if len(ranked) > 1 and (ranked[1].missing, ranked[1].extra) <= (
        ranked[0].missing,
        ranked[0].extra,
    ):
        return Pick(None, ranked)
    return Pick(ranked[0].candidate.code, ranked)
