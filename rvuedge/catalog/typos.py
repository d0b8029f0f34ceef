"""Spelling tolerance: the known words within one edit of a query word. Pure."""

import string
from bisect import bisect_left
from collections.abc import Iterable

LETTERS = string.ascii_lowercase + string.digits


def one_edit_away(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away from word."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    inserts = {a + c + b for a, b in splits for c in LETTERS}
    return deletes | transposes | replaces | inserts


SPELLINGS_KEPT = 4096  # per vocabulary: each keystroke of a type-ahead asks the earlier words again


class Vocabulary:
    def __init__(self, words: Iterable[str]):
        self.words = frozenset(words)
        self._sorted = sorted(self.words)
        self._spellings: dict[tuple[str, bool], tuple[str, ...]] = {}

    def has_prefix(self, prefix: str) -> bool:
        i = bisect_left(self._sorted, prefix)
        return i < len(self._sorted) and self._sorted[i].startswith(prefix)

    def spellings(self, word: str, *, prefix: bool) -> tuple[str, ...]:
        """The word itself when known, otherwise the known words one edit away (at most 8).
        Kept per vocabulary (it never changes): a typo costs its ~300 edits once."""
        key = (word, prefix)
        found = self._spellings.get(key)
        if found is None:
            if len(self._spellings) >= SPELLINGS_KEPT:
                self._spellings.clear()
            found = self._spellings[key] = self._spell(word, prefix=prefix)
        return found

    def _spell(self, word: str, *, prefix: bool) -> tuple[str, ...]:
        if word in self.words or (prefix and self.has_prefix(word)):
            return (word,)
        if len(word) < 4 or word.isdigit():
            return (word,)
        near = sorted(w for w in one_edit_away(word) if w in self.words)
        if prefix and not near:
            near = sorted(w for w in one_edit_away(word) if self.has_prefix(w))[:8]
        return tuple(near[:8]) or (word,)
