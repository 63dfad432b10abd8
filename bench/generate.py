"""Negotiation-sized bracketed documents made up deterministically: the same seed gives the same document.

`generate(seed, paragraphs)` writes a draft shaped like the real ones of ../shared/corpus: a title, section
headings, labelled preambular and operative paragraphs (`a)`, `PP3`, `12.`, `12 bis.`), wording in English and
French, bracket sets nested up to six deep with competing alternatives and "no text", option blocks
(`[Option 1: …` / `Option 2: …]` over several lines), placeholders (`[...]`, `[X]`, `[20XX]`) and Word footnote
markers with their bodies. Brackets always pair up, so the parser finds no stray ones. The default 140
paragraphs make 340–400 KB, about 40,000 words and 900–1,100 bracket sets: the size of the Geneva text.

`revise(text, seed)` makes the next version of a text as facilitators do overnight: words changed, sentences
moved, dropped and added. `regroup(text, size)` joins lines into paragraphs of at least `size` characters.
"""

from __future__ import annotations

import random
import re

_ENGLISH = (
    "the Parties shall may should enhance support adaptation mitigation finance technology transfer capacity-building "
    "developing developed countries in accordance with principles of Convention common but differentiated "
    "responsibilities respective capabilities national circumstances nationally determined contributions "
    "transparency framework action support loss damage ambition long-term goal global stocktake mechanism "
    "implementation compliance committee secretariat report biennial update including inter alia taking into "
    "account vulnerable small island least resilience emissions reductions sustainable development equity"
)
_FRENCH = (
    "les Parties doivent peuvent devraient renforcer appui adaptation atténuation financement transfert de "
    "technologies renforcement des capacités pays en développement développés conformément aux principes de la "
    "Convention responsabilités communes mais différenciées capacités respectives situation nationale "
    "contributions déterminées au niveau national cadre de transparence action pertes préjudices ambition objectif "
    "à long terme bilan mondial mécanisme mise en œuvre respect comité secrétariat rapport biennal notamment compte "
    "tenu vulnérables petits États insulaires moins avancés résilience émissions réductions développement durable"
)
ENGLISH = tuple(_ENGLISH.split())
FRENCH = tuple(_FRENCH.split())
PLACEHOLDERS = ("[...]", "[…]", "[X]", "[20XX]", "[XX]")
MAX_DEPTH = 6


class _Writer:
    """One document being written; all choices come from one seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.footnotes = 0

    def words(self, count: int) -> str:
        vocabulary = FRENCH if self.rng.random() < 0.3 else ENGLISH
        return " ".join(self.rng.choice(vocabulary) for _ in range(count))

    def wording(self, size: int, depth: int) -> str:
        """About `size` words with bracket sets, placeholders and footnote markers among them."""
        parts: list[str] = []
        left = size
        while left > 0:
            chunk = min(left, self.rng.randint(3, 14))
            parts.append(self.words(chunk))
            left -= chunk
            roll = self.rng.random()
            if roll < 0.16 and depth < MAX_DEPTH:
                parts.append(self.bracket_set(max(2, left // 3), depth + 1))
            elif roll < 0.18:
                parts.append(self.rng.choice(PLACEHOLDERS))
            elif roll < 0.184:
                self.footnotes += 1
                parts.append(f"[footnoteRef:{self.footnotes}]")
        return " ".join(parts)

    def bracket_set(self, size: int, depth: int) -> str:
        """One set: optional wording, competing alternatives, or wording against "no text"."""
        count = self.rng.choice((1, 1, 2, 2, 3))
        alternatives = [self.wording(self.rng.randint(1, max(1, size)), depth) for _ in range(count)]
        if count > 1 and self.rng.random() < 0.2:
            alternatives[-1] = ""
        separator = self.rng.choice((" ", "", " "))
        return separator.join(f"[{alternative}]" for alternative in alternatives)

    def sentence(self, depth: int = 0) -> str:
        return _capitalised(self.wording(self.rng.randint(10, 80), depth)) + self.rng.choice((",", ";", "."))

    def options(self) -> str:
        """An option block: paragraph-level alternatives inside one bracket, over several lines."""
        count = self.rng.randint(2, 4)
        lines = []
        for number in range(1, count + 1):
            body = "No text" if number == count and self.rng.random() < 0.3 else self.sentences(3, 12, depth=1)
            lines.append(f"Option {number}: {body}")
        return "[" + "\n".join(lines) + "]"

    def sentences(self, low: int, high: int, depth: int = 0) -> str:
        return " ".join(self.sentence(depth) for _ in range(self.rng.randint(low, high)))

    def paragraph(self, index: int) -> str:
        roll = self.rng.random()
        if roll < 0.08:
            return f"{'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[index % 26]}. {_capitalised(self.words(self.rng.randint(2, 6)))}"
        if roll < 0.30:
            label = self.rng.choice((f"{'abcdefghij'[index % 10]})", f"PP{index + 1}"))
            return f"{label} {self.sentences(1, 4)}"
        if roll < 0.93:
            suffix = self.rng.choice(("", "", "", " bis", " ter"))
            return f"{index + 1}{suffix}. {self.sentences(2, 10)}"
        return f"{index + 1}. {self.options()}"


def generate(seed: int = 0, paragraphs: int = 140) -> str:
    """A bracketed draft of `paragraphs` paragraphs (plus a title and footnote bodies), the same for a seed."""
    writer = _Writer(seed)
    lines = [f"Draft decision -/CMA.{seed} [...]", ""]
    lines += [writer.paragraph(index) for index in range(paragraphs)]
    lines += [f"[{number}: {writer.words(writer.rng.randint(5, 25))}.]" for number in range(1, writer.footnotes + 1)]
    return "\n".join(lines) + "\n"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]  # str.capitalize() would lower `[footnoteRef:1]` and `[20XX]`


_WORD = re.compile(r"[^\W\d_]{3,}")
_SENTENCE_END = re.compile(r"(?<=[.;])([ \t]+)")


def revise(text: str, seed: int, *, every: int = 50, moves: int = 3, drops: int = 3, additions: int = 3) -> str:
    """The next version: every `every`-th word changed, and sentences moved, dropped and added (per call)."""
    rng = random.Random(seed)
    count = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return match.group(0) if count % every else match.group(0)[::-1] + "x"

    pieces = _SENTENCE_END.split(_WORD.sub(swap, text))
    # Each sentence keeps the white space that followed it, so what is not moved keeps its line breaks.
    sentences = [pieces[i] + (pieces[i + 1] if i + 1 < len(pieces) else "") for i in range(0, len(pieces), 2)]
    for _ in range(moves if len(sentences) > 2 else 0):
        moved = sentences.pop(rng.randrange(len(sentences) - 1))
        sentences.insert(rng.randrange(len(sentences)), moved)
    for _ in range(drops if len(sentences) > drops + 1 else 0):
        sentences.pop(rng.randrange(len(sentences) - 1))
    for _ in range(additions):
        words = " ".join(rng.choice(ENGLISH) for _ in range(rng.randint(6, 20)))
        sentences.insert(rng.randrange(len(sentences)), _capitalised(words) + ". ")
    return "".join(sentences)


def regroup(text: str, size: int = 90_000) -> list[str]:
    """The text's lines joined into paragraphs of at least `size` characters (the last one may be shorter)."""
    paragraphs: list[str] = []
    current: list[str] = []
    length = 0
    for line in text.splitlines(keepends=True):
        current.append(line)
        length += len(line)
        if length >= size:
            paragraphs.append("".join(current))
            current, length = [], 0
    if current:
        paragraphs.append("".join(current))
    return paragraphs
