"""The report's charts, drawn on the server as SVG with pygal: no script, no web font from
elsewhere, the same drawing on the page and in the PDF.

pygal lays every chart out from the left. On an Arabic page a chart must read from the right,
so ``placed_text`` turns the drawing over (bars grow leftwards from labels on the right, time
runs from right to left) and then turns each piece of text back, anchored on its other side, so
the words read as written. The page sets the charts' text to find its direction from its first
letter (report.css), as WeasyPrint does by itself."""

from datetime import timedelta

import arabic_reshaper
import pygal
from bidi import get_display
from django.utils.formats import date_format
from pygal.style import Style

from core.text import is_arabic
from network.text import written_in_arabic

FONTS = "'IBM Plex Sans Arabic', 'Plex Arabic', 'Plex Latin', sans-serif"
INK, MUTED, ACCENT = "#1b2430", "#5b6b78", "#0f6e6a"
WIDTH = 440
ROW_HEIGHT = 32
LONGEST_LABEL = 22

STYLE = Style(
    font_family=FONTS,
    background="transparent",
    plot_background="transparent",
    foreground=INK,
    foreground_strong=INK,
    foreground_subtle="#d5dde3",
    guide_stroke_color="#b4c3c9",
    major_guide_stroke_color="#b4c3c9",
    colors=(ACCENT, "#c9822b", "#4d6fa8", "#a8475b"),
    label_font_size=15,
    major_label_font_size=15,
    value_font_size=14,
    tooltip_font_size=14,
    title_font_size=16,
    legend_font_size=15,
)
# Options every chart shares: no script fetched from pygal's site, no XML declaration (the SVG
# sits inside HTML), no tooltips (nothing to hover on paper).
COMMON = {
    "style": STYLE,
    "js": [],
    "disable_xml_declaration": True,
    "show_legend": False,
    "tooltip_border_radius": 0,
    "truncate_label": -1,  # labels are shortened here (pygal leaves a horizontal chart's long)
    "width": WIDTH,
    "margin": 8,
    "spacing": 8,
}

# Where a text grows from its point, as pygal's style sheet says (an anchor pygal writes on the
# text itself comes first), and the same once the drawing is turned over.
OTHER_ANCHOR = {"start": "end", "end": "start", "middle": "middle"}


def _anchor(text, classes):
    if text.get("text-anchor"):
        return text.get("text-anchor")
    if {"axis", "y2"} <= classes:
        return "start"
    if {"axis", "y"} <= classes:
        return "end"
    if {"axis", "x"} <= classes or classes & {"centered", "title", "no_data"}:
        return "middle"
    return "start"


def placed_text(tree, turned_over=False):
    """Writes on each text of ``tree`` where it grows from, as a style on the text itself, which
    wins over pygal's style sheet in browsers and in WeasyPrint (which warns about the property
    yet follows it), and as an attribute for any other reader. With
    ``turned_over``, the drawing is turned over for a right-to-left page, and each text turned
    back where it stands and anchored on its other side, so it reads as written."""
    parents = {child: node for node in tree.iter() for child in node}
    texts = [node for node in tree.iter() if isinstance(node.tag, str) and node.tag.rpartition("}")[2] == "text"]
    for text in texts:
        classes, node = set((text.get("class") or "").split()), parents.get(text)
        while node is not None:
            classes.update((node.get("class") or "").split())
            node = parents.get(node)
        anchor = _anchor(text, classes)
        if {"value", "horizontal"} <= classes:
            # A bar's number stands just past its end, not across it.
            anchor = "start"
            text.set("x", f"{float(text.get('x') or 0) + 4:g}")
        if turned_over:
            anchor = OTHER_ANCHOR[anchor]
            x = float(text.get("x") or 0)
            text.set("transform", f"matrix(-1 0 0 1 {2 * x:g} 0) {text.get('transform', '')}".strip())
        text.set("text-anchor", anchor)
        text.set("style", f"text-anchor: {anchor}")
    if turned_over:
        graph = next(node for node in tree.iter() if "graph" in (node.get("class") or "").split())
        graph.set("transform", f"matrix(-1 0 0 1 {tree.get('viewBox').split()[2]} 0)")
    return tree


def in_visual_order(tree):
    """Arabic words of ``tree`` in the shapes and the left-to-right order they are seen in.
    WeasyPrint draws an SVG text one letter at a time from the left, without joining letters,
    so the PDF's charts are given the letters' joined forms, already in visual order."""
    for node in tree.iter():
        if isinstance(node.tag, str) and node.tag.endswith("text") and written_in_arabic(node.text or ""):
            node.text = get_display(arabic_reshaper.reshape(node.text))
    return tree


def _svg(chart, title, for_print=False):
    """The chart as SVG for the page (or, ``for_print``, for WeasyPrint): mirrored in Arabic,
    named for screen readers (who read the table beside it)."""

    def label(tree):
        for parent in list(tree.iter()):
            for script in [node for node in parent if isinstance(node.tag, str) and node.tag.endswith("script")]:
                parent.remove(script)  # pygal's settings for its tooltips, which are not used
        tree.set("role", "img")
        tree.set("aria-label", str(title))
        tree.set("focusable", "false")
        return tree

    chart.add_xml_filter(label)
    chart.add_xml_filter(lambda tree: placed_text(tree, turned_over=is_arabic()))
    if for_print:
        chart.add_xml_filter(in_visual_order)
    return chart.render(is_unicode=True)


def shortened(label):
    """``label`` cut to fit beside a bar, with an ellipsis; the table beside the chart has it whole."""
    return label if len(label) <= LONGEST_LABEL else label[: LONGEST_LABEL - 1].rstrip() + "…"


def whole_steps(largest):
    """Up to seven round whole-number marks from 0 past ``largest`` (steps of 1, 2 or 5 times a
    power of ten): a count is never 2.4 people."""
    largest = max(1, largest)
    wanted, scale = largest / 6, 1
    while True:
        step = next((factor * scale for factor in (1, 2, 5) if factor * scale >= wanted), None)
        if step:
            break
        scale *= 10
    return list(range(0, largest + step, step)) if largest % step else list(range(0, largest + 1, step))


def bar_chart(breakdown, for_print=False):
    """A horizontal bar per row of ``breakdown``, the largest at the top, its number printed."""
    rows = breakdown.rows
    percent = breakdown.unit == "percent"
    chart = pygal.HorizontalBar(
        **COMMON,
        height=max(2, len(rows)) * ROW_HEIGHT + 50,
        print_values=True,
        print_values_position="top",
        margin_right=44,
        range=(0, 100) if percent else None,
        value_formatter=(lambda value: f"{value:g} %") if percent else (lambda value: f"{value:g}"),
    )
    # pygal stacks bars from the bottom: the rows go in last first, so the first stands on top.
    shown = rows[::-1]
    chart.x_labels = [shortened(row.short or row.label) for row in shown]
    chart.y_labels = list(range(0, 101, 20)) if percent else whole_steps(max(row.count for row in rows))
    chart.add(str(breakdown.title), [row.percent if percent else row.count for row in shown])
    return _svg(chart, breakdown.title, for_print)


def timeline_chart(days, title, for_print=False):
    """The running total of registrations, a point per day someone registered ("" before anyone did)."""
    if not days:
        return ""
    chart = pygal.Line(
        **COMMON,
        height=300,
        margin_right=56,  # the last day's date is centred on the line's end
        fill=True,
        show_dots=len(days) < 40,
        x_label_rotation=0,
        show_minor_x_labels=False,
        x_labels_major_count=5,
        value_formatter=lambda value: f"{value:g}",
    )
    # The line starts from nothing the day before the first registration.
    points = [(days[0].day - timedelta(days=1), 0), *((day.day, day.cumulative) for day in days)]
    chart.x_labels = [date_format(day, "j M") for day, _total in points]
    chart.y_labels = whole_steps(days[-1].cumulative)
    chart.add(str(title), [total for _day, total in points])
    return _svg(chart, title, for_print)
