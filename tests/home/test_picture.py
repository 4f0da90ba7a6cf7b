"""The ``picture`` tag: Wagtail's srcset_image, with each size's filter parsed once."""

import pytest
from django.template import engines
from wagtail.images import get_image_model

from core.pictures import attach_renditions
from events.queries import CARD_IMAGE
from home.templatetags.multaqa import _filters
from tests.factories.events import image

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_remembered_renditions")]

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


def wagtails_tag(photo, attributes='sizes="64px" alt=""'):
    return render("{% load wagtailimages_tags %}{% srcset_image photo " + SPEC + " " + attributes + " %}", photo=photo)


def ours(photo, attributes='sizes="64px" alt=""'):
    return render('{% load multaqa %}{% picture photo "' + SPEC + '" ' + attributes + " %}", photo=photo)


def test_renditions_read_as_values_draw_the_same_picture_without_a_query(django_assert_num_queries):
    photos = [image(f"speaker-{number}", size=(640, 480)) for number in range(3)]
    expected = [wagtails_tag(photo) for photo in photos]  # makes the renditions
    with django_assert_num_queries(1):
        attach_renditions(photos + [None], SPEC)
    with django_assert_num_queries(0):
        drawn = [ours(photo) for photo in photos]
    assert drawn == expected
    assert all(" 320w" in each and 'width="160"' in each for each in drawn)


def test_without_an_alt_the_pictures_own_text_is_used(django_assert_num_queries):
    photo = image("speaker", size=(640, 480))
    expected = wagtails_tag(photo, 'sizes="64px"')
    attach_renditions([photo], SPEC)
    assert ours(photo, 'sizes="64px"') == expected
    assert f'alt="{photo.title}"' in expected


def test_a_rendition_not_made_yet_is_made_as_wagtail_makes_it():
    photo = image("speaker", size=(640, 480))
    photo.renditions.all().delete()
    photo.get_rendition_model().cache_backend.clear()
    attach_renditions([photo], SPEC)
    assert photo.listed_renditions == {}
    drawn = ours(photo)
    made = photo.renditions.filter(filter_spec__in=["fill-160x160", "fill-320x320"])
    assert sorted(made.values_list("width", flat=True)) == [160, 320]
    assert all(rendition.url in drawn for rendition in made)
    assert drawn == wagtails_tag(photo)


def test_a_moved_focal_point_takes_the_renditions_made_for_it(django_assert_num_queries):
    photo = image("speaker", size=(640, 480))
    before = wagtails_tag(photo)
    photo.focal_point_x, photo.focal_point_y, photo.focal_point_width, photo.focal_point_height = 600, 20, 40, 40
    photo.save()
    attach_renditions([photo], SPEC)
    drawn = ours(photo)
    assert drawn != before
    assert drawn == wagtails_tag(photo)
    key = _filters(SPEC)[0].get_cache_key(photo)
    assert photo.renditions.get(filter_spec="fill-160x160", focal_point_key=key).url in drawn
    # A rendition kept from another focal point is passed over.
    photo.renditions.create(
        filter_spec="fill-160x160", focal_point_key="0ther0ne", file="images/old.png", width=1, height=1
    )
    attach_renditions([photo], SPEC)
    assert ("fill-160x160", "0ther0ne") in photo.listed_renditions
    with django_assert_num_queries(0):
        assert ours(photo) == drawn


CARD = CARD_IMAGE  # an event card's


def wagtails_picture(photo, spec=CARD, attributes='sizes="100vw" alt="" loading="lazy"'):
    return render("{% load wagtailimages_tags %}{% picture photo " + spec + " " + attributes + " %}", photo=photo)


def our_picture(photo, spec=CARD, attributes='sizes="100vw" alt="" loading="lazy"'):
    return render('{% load multaqa %}{% picture_element photo "' + spec + '" ' + attributes + " %}", photo=photo)


@pytest.mark.parametrize(
    ("spec", "attributes"),
    [
        (CARD, 'sizes="(min-width: 48rem) 24rem, 100vw" alt="" loading="lazy"'),
        (CARD, 'class="cover"'),  # no sizes, no alt: the picture's own text
        ("fill-{480x270,960x540}", 'sizes="100vw" alt=""'),  # one format: an <img> in a <picture>
        ("fill-480x270 format-{avif,webp,png}", 'alt=""'),  # one size a format: no srcset on the <img>
    ],
)
def test_the_picture_element_is_wagtails_picture_tag(spec, attributes):
    photo = image("cover", size=(1200, 800))
    expected = wagtails_picture(photo, spec, attributes)  # makes the renditions
    assert our_picture(photo, spec, attributes) == expected
    assert expected.startswith("<picture>") and expected.endswith("</picture>")


def test_cards_renditions_read_with_their_rows_draw_the_picture_without_a_query(demo_site, django_assert_num_queries):
    from core.pictures import with_renditions
    from events.models import EventPage
    from tests.factories.events import event_page

    pages = [event_page(title=f"Event {number}") for number in range(3)]
    for number, page in enumerate(pages):
        page.image = image(f"cover-{number}", size=(1200, 800))
        page.save()
    expected = [wagtails_picture(page.image) for page in pages]  # makes the renditions
    with django_assert_num_queries(2):  # the pages with their pictures, then the renditions
        listed = list(with_renditions(EventPage.objects.filter(pk__in=[p.pk for p in pages]), "image", CARD))
    listed.sort(key=lambda page: [p.pk for p in pages].index(page.pk))
    with django_assert_num_queries(0):
        drawn = [our_picture(page.image) for page in listed]
    assert drawn == expected
    first = drawn[0]
    assert '<source sizes="100vw" srcset="' in first and 'type="image/webp"' in first and " 960w" in first
    assert '<img alt="" height="270"' in first and 'loading="lazy"' in first and ".jpg" in first.split("<img")[1]


@pytest.mark.parametrize("spec", ["fill-{480x270,960x540} format-{webp,jpeg} preserve-svg", "fill-{160x160,320x320}"])
def test_renditions_are_looked_up_under_the_names_wagtail_keeps_them_under(spec):
    from wagtail.images.models import Filter
    from wagtail.images.tests.utils import get_test_image_file_svg

    from core.pictures import stored_spec

    photo = image("kept", size=(1200, 800))
    drawing = get_image_model().objects.create(title="kept", file=get_test_image_file_svg("kept.svg"))
    for one in Filter.expand_spec(spec):
        assert stored_spec(one) == photo.clean_filter_for_svg(Filter(spec=one)).spec
        assert stored_spec(one, vector=True) == drawing.clean_filter_for_svg(Filter(spec=one)).spec
    assert stored_spec("fill-480x270|format-webp|preserve-svg", vector=True) == "fill-480x270"


def test_vector_cards_read_with_their_rows_draw_as_wagtail_draws_them_without_a_query(
    demo_site, django_assert_num_queries
):
    """A vector picture is kept at the card's sizes, not in WebP or JPEG (``preserve-svg``):
    those renditions come with the rows too."""
    from wagtail.images.tests.utils import get_test_image_file_svg

    from core.pictures import with_renditions
    from events.models import EventPage
    from tests.factories.events import event_page

    page = event_page(title="Drawn")
    page.image = get_image_model().objects.create(
        title="drawn", file=get_test_image_file_svg("drawn.svg", 1200, 800, "0 0 1200 800")
    )
    page.save()
    first = our_picture(page.image)  # makes the renditions
    # Wagtail measures a drawing just made in fractions and remembers it so (``480.0w``, which
    # a browser's srcset does not take); the tag writes whole pixels, as the database keeps them.
    assert "480.0" not in first and ".fill-480x270.svg 480w" in first
    from django.core.cache import cache

    cache.clear()
    expected = wagtails_picture(get_image_model().objects.get(pk=page.image.pk))
    assert expected == first
    with django_assert_num_queries(2):
        (listed,) = with_renditions(EventPage.objects.filter(pk=page.pk), "image", CARD)
    with django_assert_num_queries(0):
        drawn = our_picture(listed.image)
    assert drawn == expected
    assert "<source" not in drawn and ".fill-480x270.svg 480w" in drawn and ".fill-960x540.svg 960w" in drawn


def test_no_picture_element_without_a_picture():
    assert render('{% load multaqa %}[{% picture_element photo "' + CARD + '" alt="" %}]', photo=None) == "[]"


def test_a_picture_whose_file_is_lost_is_drawn_as_wagtail_draws_it_instead_of_failing_the_page():
    photo = image("lost", size=(1200, 800))
    photo.renditions.all().delete()
    photo.file.storage.delete(photo.file.name)
    expected = wagtails_picture(photo)
    assert 'src="/media/not-found"' in expected
    assert our_picture(photo) == expected
    assert ours(photo) == wagtails_tag(photo)


def test_a_vector_picture_read_with_its_row_is_drawn_as_wagtail_draws_it(demo_site):
    """Wagtail keeps a vector picture's renditions under filters of its own: read with the
    row, they are found as Wagtail finds them, or Wagtail is asked."""
    from wagtail.images.tests.utils import get_test_image_file_svg

    from core.pictures import with_renditions
    from events.models import EventPage
    from tests.factories.events import event_page

    page = event_page(title="Vector cover")
    page.image = get_image_model().objects.create(title="drawing", file=get_test_image_file_svg("drawing.svg"))
    page.save()
    wagtails_tag(page.image)  # makes the renditions
    (listed,) = with_renditions(EventPage.objects.filter(pk=page.pk), "image", SPEC)
    expected = wagtails_tag(listed.image)
    assert ours(listed.image) == expected
    assert "fill-320x320.svg" in expected
