"""The site's media on this machine's disk: the demo's and a single machine's storage
(several machines share S3-compatible storage instead, see site/settings.py).

A stored file's address depends only on its name and ``MEDIA_URL``, yet Django works it out
again each time it is asked (19 µs: quoting, then joining to the base address). A page lists
many pictures, each with two or more renditions: an event page with 60 speakers and 25
partners asked for 170 addresses. Each is now worked out once per process, as Django would,
and kept (the most recently used 8,192).
"""

import functools

from django.core.files.storage import FileSystemStorage


class MediaStorage(FileSystemStorage):
    def url(self, name):
        # The base address is part of the key: a changed MEDIA_URL gives new addresses.
        return _address(self, self.base_url, name)


@functools.lru_cache(maxsize=8192)
def _address(storage, base_url, name):
    return FileSystemStorage.url(storage, name)
