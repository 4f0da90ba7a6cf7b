"""A cover for an event without an uploaded image, drawn as SVG from its kind and title.

The same event always gets the same cover: the kind chooses the colours and the motif, the
title's checksum places the shapes, and the title's initials (``network.text.initials``, as
every monogram on the site) sit in the middle with the kind's name beneath. It is rendered
inline by ``events/includes/cover.html``: no file, no request to anyone.
"""

import zlib
from dataclasses import dataclass

from events.models.choices import EventKind
from network.text import initials

WIDTH, HEIGHT = 640, 360

# Colours from the site's palette (site/static/css/main.css): background from, to, motif.
PALETTES = {
    EventKind.CONFERENCE: ("#0a454b", "#0f5e66", "#f4b860"),
    EventKind.WORKSHOP: ("#8f4215", "#b4561b", "#fbeee2"),
    EventKind.PROGRAMME: ("#0a454b", "#197a73", "#e3f0ef"),
    EventKind.FORUM: ("#0f5e66", "#197a73", "#f4b860"),
    EventKind.WEBINAR: ("#1b2430", "#0a454b", "#9fd3cd"),
    EventKind.MEETING: ("#7a3a10", "#b4561b", "#f4b860"),
}
MOTIFS = {
    EventKind.CONFERENCE: "rings",
    EventKind.WORKSHOP: "dots",
    EventKind.PROGRAMME: "steps",
    EventKind.FORUM: "circles",
    EventKind.WEBINAR: "waves",
    EventKind.MEETING: "squares",
}


@dataclass
class Cover:
    start: str
    end: str
    motif_colour: str
    motif: str
    shapes: list
    monogram: str
    label: str
    width: int = WIDTH
    height: int = HEIGHT


def _numbers(seed, count):
    """``count`` stable numbers in [0, 1) from ``seed``."""
    values, state = [], seed or 1
    for _ in range(count):
        state = (state * 1103515245 + 12345) % 2**31
        values.append(state / 2**31)
    return values


def _in_middle(x, y):
    """Whether a point falls where the initials and the kind's name are written."""
    return abs(x - WIDTH / 2) < 150 and 50 < y < 330


def _shapes(motif, seed):
    n = _numbers(seed, 12)
    if motif == "rings":
        cx, cy = 90 + n[0] * 460, 40 + n[1] * 280
        return [{"cx": round(cx), "cy": round(cy), "r": 60 + step * 55} for step in range(5)]
    if motif == "dots":
        offset = round(n[0] * 30)
        return [
            {"cx": offset + 20 + col * 44, "cy": 22 + row * 44, "r": 4 + round(n[(row + col) % 12] * 5)}
            for row in range(8)
            for col in range(14)
            if (row * 14 + col + round(n[1] * 5)) % 3 and not _in_middle(offset + 20 + col * 44, 22 + row * 44)
        ]
    if motif == "steps":
        base = round(n[0] * 60)
        return [
            {"x": base + step * 92, "y": HEIGHT - 60 - step * 46 - round(n[step + 1] * 20), "w": 80, "h": 400}
            for step in range(7)
        ]
    if motif == "circles":
        return [
            {"cx": round(60 + n[i] * 520), "cy": round(30 + n[i + 4] * 300), "r": round(50 + n[i + 8] * 70)}
            for i in range(4)
        ]
    if motif == "waves":
        start = round(40 + n[0] * 80)
        rows = [start + row * 48 for row in range(6)]
        return [{"d": f"M0 {y} C 160 {y - 40}, 320 {y + 40}, 640 {y}"} for y in rows]
    # squares
    return [
        {
            "x": round(20 + n[i] * 560),
            "y": round(10 + n[i + 4] * 280),
            "s": round(50 + n[i + 8] * 80),
            "r": round(n[i] * 45),
        }
        for i in range(4)
    ]


def cover(event):
    """What ``events/includes/cover.html`` draws for ``event`` (an EventPage)."""
    kind = event.kind if event.kind in PALETTES else EventKind.CONFERENCE
    start, end, motif_colour = PALETTES[kind]
    seed = zlib.crc32(f"{kind}:{event.title}".encode())
    motif = MOTIFS[kind]
    return Cover(
        start=start,
        end=end,
        motif_colour=motif_colour,
        motif=motif,
        shapes=_shapes(motif, seed),
        monogram=initials(event.title),
        label=str(EventKind(kind).label),
    )
