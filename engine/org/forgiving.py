"""Forgiving where unambiguous, strict where not: the spellings of a value the loader
accepts, and the did-you-mean hint when it accepts none.

- yes/no as written, or as a spreadsheet or YAML boolean (true/false, 1/0, Excel TRUE);
- enumerated values in any letter case (read as the canonical lower-case value);
- provision ids with or without their framework prefix (``A.2.2``, ``iso42001:A.2.2``),
  as long as the part after the prefix names one provision only; otherwise the message
  lists the candidates, and an unknown id gets the closest known ids.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .schema import LIST_SEPARATOR

BOOLEAN_SPELLINGS = {
    "yes": "yes",
    "no": "no",
    "true": "yes",
    "false": "no",
    "1": "yes",
    "0": "no",
    "1.0": "yes",  # a numeric spreadsheet cell read as a float
    "0.0": "no",
}


def yes_no(value: str) -> str:
    """yes/no as written, or as a spreadsheet or YAML boolean (true/false, 1/0)."""
    return BOOLEAN_SPELLINGS.get(value.strip().lower(), value.strip())


def did_you_mean(value: str, candidates: Iterable[str], n: int = 1) -> str:
    """``"; did you mean 'x'?"`` for the closest candidates (case-insensitive), else ``""``.

    A candidate whose first word begins the value's first word wins over one that merely has
    more letters in common: ``partially-implemented`` means ``partial``, not
    ``not-implemented``."""
    by_lower: dict[str, str] = {}
    for candidate in candidates:
        by_lower.setdefault(candidate.lower(), candidate)
    lowered = value.lower()
    close = [c for c in by_lower if _extends(_first_word(lowered), _first_word(c))][:n]
    close = close or difflib.get_close_matches(lowered, list(by_lower), n=n, cutoff=0.6)
    if not close:
        return ""
    return "; did you mean " + " or ".join(repr(by_lower[c]) for c in close) + "?"


STEM = 4  # the shortest word that counts as the stem of a longer one


def _first_word(text: str) -> str:
    for separator in "-_ ":
        text = text.replace(separator, " ")
    words = text.split()
    return words[0] if words else ""


def _extends(word: str, stem: str) -> bool:
    """``word`` is ``stem`` with more letters (partially, partial): the writer qualified a
    known value; the other way round (a value cut short) is left to the letter match."""
    if not (word.isalpha() and stem.isalpha()):  # ids (A.6.2.4, EV-001) are matched by letters
        return False
    return len(stem) >= STEM and len(word) > len(stem) and word.startswith(stem)


def canonical(value: str, allowed: tuple[str, ...]) -> str | None:
    """``value`` as the allowed value it spells in any letter case, else ``None``."""
    if value in allowed:
        return value
    folded = value.strip().casefold()
    return next((a for a in allowed if a.casefold() == folded), None)


def list_note(value: str) -> str:
    """What to say about a list cell that holds a value the list does not allow."""
    if "," in value:
        return f"; separate list values with '{LIST_SEPARATOR}', not ','"
    return f" (a list: separate values with '{LIST_SEPARATOR}')"


class ProvisionIds:
    """The catalog's short ids (``framework:local``), looked up with or without the prefix."""

    def __init__(self, known: Iterable[str]) -> None:
        self.known = frozenset(known)
        self.prefixes = frozenset(k.partition(":")[0] for k in self.known)
        self._by_local: dict[str, list[str]] = {}
        self._by_folded: dict[str, list[str]] = {}
        for full in sorted(self.known):
            local = full.partition(":")[2]
            self._by_local.setdefault(local, []).append(full)
            self._by_folded.setdefault(local.casefold(), []).append(full)

    def resolve(
        self, text: str, framework: str | None = None, *, hint: bool = True
    ) -> tuple[str | None, str]:
        """The full id ``text`` names (``None`` if none or several) and, when ``None``, why.

        ``framework`` restricts the lookup to one catalog (``soa.csv``: ISO/IEC 42001);
        ``hint=False`` skips the did-you-mean search (the caller will not show it)."""
        text = text.strip()
        prefix, sep, local = text.partition(":")
        if sep and prefix.lower() in self.prefixes:
            if framework is not None and prefix.lower() != framework:
                return None, f"{text!r} is not a {framework} id"
            full = f"{prefix.lower()}:{local}"
            if full in self.known:
                return full, ""
            same = prefix.lower() + ":"
            matches = [m for m in self._by_folded.get(local.casefold(), []) if m.startswith(same)]
            if len(matches) == 1:
                return matches[0], ""
            return None, f"{text!r} is not a known provision id" + (
                self._hint(full, framework) if hint else ""
            )
        matches = self._by_local.get(text) or self._by_folded.get(text.casefold(), [])
        if framework is not None:
            matches = [m for m in matches if m.startswith(framework + ":")]
        if len(matches) == 1:
            return matches[0], ""
        if len(matches) > 1:
            return None, (
                f"{text!r} is ambiguous: it names {', '.join(matches)}; write it with its "
                "framework prefix"
            )
        return None, f"{text!r} is not a known provision id" + (
            self._hint(text, framework) if hint else ""
        )

    def _hint(self, text: str, framework: str | None) -> str:
        pool = [k for k in self.known if framework is None or k.startswith(framework + ":")]
        if ":" not in text:  # compare like with like: the local parts
            locals_ = {k.partition(":")[2]: k for k in pool}
            close = difflib.get_close_matches(text, list(locals_), n=1, cutoff=0.6)
            return f"; did you mean {locals_[close[0]]!r}?" if close else ""
        return did_you_mean(text, pool)


def split_list(value: str) -> list[str]:
    """The values of a list cell, separated by LIST_SEPARATOR (blanks dropped)."""
    return [v.strip() for v in value.split(LIST_SEPARATOR) if v.strip()]
