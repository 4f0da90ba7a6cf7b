"""The ``picture`` tag: Wagtail's srcset_image, with each size's filter parsed once."""

import pytest
from django.template import engines

from home.templatetags.multaqa import _filters
from tests.factories.events import image

pytestmark = pytest.mark.django_db

SPEC = "fill-{160x160,320x320}"


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def test_it_draws_the_same_picture_as_wagtails_tag():
    photo = image("speaker", size=(640, 480))
    attributes = 'sizes="64px" class="speaker-photo" alt=""'
    ours = render('{% load multaqa %}{% picture photo "' + SPEC + '" ' + attributes + " %}", photo=photo)
    wagtails = render(
        "{% load wagtailimages_tags %}{% srcset_image photo " + SPEC + " " + attributes + " %}",
        photo=photo,
    )
    assert ours == wagtails
    assert 'class="speaker-photo"' in ours and 'sizes="64px"' in ours and " 320w" in ours and 'width="160"' in ours


def test_no_picture_draws_nothing():
    assert render('{% load multaqa %}[{% picture photo "' + SPEC + '" alt="" %}]', photo=None) == "[]"


def test_each_size_is_parsed_once_per_process():
    first, again = _filters(SPEC), _filters(SPEC)
    assert first is again
    assert [each.spec for each in first] == ["fill-160x160", "fill-320x320"]
