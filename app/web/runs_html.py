"""Paragraph content as negotiators read it: the HTML of a list of runs, written in Python (issue 15).

The document page shows thousands of runs; a Jinja macro call per run cost a quarter of the page. This writes
the same markup the `runs` macro wrote, byte for byte. Every value from a run goes through `escape` (text,
labels, delegation codes and names); only the fixed markup around them is literal.

Every run carries `data-o`, its offset in the paragraph's bracketed text, so that a selection of words maps
back to the text the service amends. `marks` (reading.unmatched.Unmatched) marks the stray and unclosed brackets
where they stand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

# Word's bullets from the Symbol and Wingdings fonts come through as private-use characters, which a browser
# shows as empty boxes. The page shows the bullets they stand for, one character for one, so that every offset
# (`data-o`) still counts the stored text; the stored text and every export keep the original characters.
SHOWN = str.maketrans({"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "✓", "\uf06e": "■"})
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # found at C speed; `translate` looks up every character


def shown(text: str) -> Markup:
    """Text as the page shows it (Word's font bullets as bullets), escaped."""
    return escape(text.translate(SHOWN) if _PRIVATE_USE.search(text) else text)


SET_HANDLE = (
    '<button type="button" class="set-handle" aria-label="Bracket set {id}: who stands where, actions and history"'
    '\n        hx-get="/documents/{document}/bracket-sets/{id}" hx-target="#panel" hx-swap="innerHTML">▸</button>'
)
FILL_HANDLE = (
    '<button type="button" class="set-handle" aria-label="Fill placeholder [{text}]"'
    '\n        hx-get="/placeholders/{id}/fill" hx-target="#panel" hx-swap="innerHTML">✎</button>'
)


def runs_html(items: Iterable[Any], ctx: Mapping[str, Any], marks: Any = None) -> Markup:
    """The HTML of `items` (read-model runs); `ctx` is the page context (`names`, `caps`, `document_id`, `preview`)."""
    out: list[str] = []
    _Writer(ctx, marks, out).runs(items)
    return Markup("".join(out))


class _Writer:
    __slots__ = ("chair", "document", "marks", "names", "out", "preview")

    def __init__(self, ctx: Mapping[str, Any], marks: Any, out: list[str]) -> None:
        caps = ctx.get("caps")
        self.chair = bool(caps is not None and caps.chair)
        self.preview = bool(ctx.get("preview"))
        self.document = escape(ctx.get("document_id"))
        self.names: Mapping[str, str] = ctx.get("names") or {}
        self.marks = marks
        self.out = out

    def runs(self, items: Iterable[Any]) -> None:
        out = self.out
        marks = self.marks
        for run in items:
            kind = run.type
            if kind == "text":
                if marks and marks.within(run.offset, len(run.text)):
                    out.append(f'<span class="t" data-o="{run.offset}">')
                    for piece, mark in marks.pieces(run.text, run.offset):
                        if mark:
                            out.append(
                                f'<mark class="unmatched unmatched-{escape(mark)}" title="{escape(marks.title(mark))}">'
                                f"{shown(piece)}</mark>"
                            )
                        else:
                            out.append(shown(piece))
                    out.append("</span>")
                else:
                    out.append(f'<span class="t" data-o="{run.offset}">{shown(run.text)}</span>')
            elif kind == "bracket_set":
                self.bracket_set(run)
            elif kind == "placeholder":
                text = escape(run.text)
                out.append(
                    f'<span class="placeholder" data-o="{run.offset}" title="Placeholder: a value still to be filled '
                    f'in">[{text}]</span>'
                )
                if self.chair and run.id and not self.preview:
                    out.append(FILL_HANDLE.format(text=text, id=escape(run.id)))
            elif kind == "footnote_ref":
                number = escape(run.number)
                out.append(
                    f'<sup class="fnref" data-o="{run.offset}" data-len="{len(run.raw)}" title="Footnote {number}">'
                    f"{number}</sup>"
                )
            elif kind == "footnote":
                out.append(
                    f'<span class="footnote" data-o="{run.offset}" data-len="{len(run.head) + 1}">'
                    f'<span class="footnote-label">[{escape(run.number)}:</span> '
                )
                self.runs(run.content)
                out.append('<span class="footnote-label">]</span></span>')

    def bracket_set(self, run: Any) -> None:
        out = self.out
        identity = f' id="set-{escape(run.id)}" data-set="{escape(run.id)}"' if run.id else ""
        out.append(f'<span class="bset{" new-set" if run.new else ""}"{identity}>')
        for alternative in run.alternatives:
            separator = alternative.separator
            if separator:
                out.append(f'<span class="t" data-o="{alternative.offset - len(separator)}">{escape(separator)}</span>')
            classes = "alt"
            if alternative.original:
                classes += " alt-original"
            if alternative.new and not run.new:
                classes += " new-alt"
            identity = f' id="alt-{escape(alternative.id)}"' if alternative.id else ""
            out.append(f'<span class="{classes}"{identity}><span class="br" data-o="{alternative.offset}">[</span>')
            self.runs(alternative.content)
            out.append('<span class="br">]</span></span>')
            if alternative.sponsors or alternative.supporters or alternative.objectors:
                self.chips(alternative)
        if run.id and not self.preview:
            out.append(SET_HANDLE.format(id=escape(run.id), document=self.document))
        out.append("</span>")

    def chips(self, alternative: Any) -> None:
        out = self.out
        names = self.names
        out.append('<span class="chips">')
        for code in alternative.sponsors:
            out.append(
                f'<span class="chip chip-sponsor" title="Proposed by {escape(names.get(code, code))}">'
                f"{escape(code)}</span>"
            )
        for code in alternative.supporters:
            out.append(
                f'<span class="chip chip-support" title="Supported by {escape(names.get(code, code))}">'
                f'<span aria-hidden="true">✓</span><span class="visually-hidden">supported by </span>'
                f"{escape(code)}</span>"
            )
        for code in alternative.objectors:
            out.append(
                f'<span class="chip chip-object" title="Objected to by {escape(names.get(code, code))}">'
                f'<span aria-hidden="true">✗</span><span class="visually-hidden">objected to by </span>'
                f"{escape(code)}</span>"
            )
        out.append("</span>")
