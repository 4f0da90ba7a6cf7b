"""The site's local media storage (core/storage.py) gives the addresses Django's own gives,
for any file name, and follows a changed MEDIA_URL."""

from django.core.files.storage import FileSystemStorage, default_storage
from hypothesis import given, settings
from hypothesis import strategies as st

from core.storage import MediaStorage

names = st.text(alphabet="abc_-./ ٪صورةx1%?#&+", min_size=1, max_size=40)


def test_the_site_stores_media_with_it():
    assert isinstance(default_storage, MediaStorage)


@settings(max_examples=200, deadline=None)
@given(name=names)
def test_the_same_address_as_django_gives(name):
    ours, django = MediaStorage(), FileSystemStorage()
    assert ours.url(name) == django.url(name)
    assert ours.url(name) == django.url(name)  # and again, from what was kept


def test_a_changed_media_url_gives_new_addresses(settings):
    storage = MediaStorage()
    assert storage.url("images/صورة 1.jpg") == "/media/images/%D8%B5%D9%88%D8%B1%D8%A9%201.jpg"
    settings.MEDIA_URL = "https://media.example.org/multaqa/"
    assert (
        storage.url("images/صورة 1.jpg") == "https://media.example.org/multaqa/images/%D8%B5%D9%88%D8%B1%D8%A9%201.jpg"
    )
