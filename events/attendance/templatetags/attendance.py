from django import template

from events.attendance.figures import event_figures

register = template.Library()


@register.simple_tag
def figures_of(event):
    """The event's participation figures (events/attendance/figures.py), for its page."""
    return event_figures(event)
