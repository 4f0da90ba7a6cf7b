"""Keeping an uploaded file between its preview and the staff member's confirmation.

The file goes to the site's media storage (shared by every app server, local disk or object
storage) under a random name. The page carries only a signed token naming that file, the
kind of import and the staff member; a token that was tampered with, has expired (one hour)
or belongs to someone else finds nothing. Files older than a day are removed as new ones
arrive.
"""

import datetime
import uuid

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from network.errors import ImportProblem

FOLDER = "network-imports"
SALT = "network.imports.storage"
MAX_AGE = 3600


def stash(content, name, kind, user):
    _sweep()
    key = uuid.uuid4().hex
    default_storage.save(f"{FOLDER}/{key}", ContentFile(content))
    return signing.dumps({"key": key, "name": name[:200], "kind": kind, "user": user.pk}, salt=SALT)


def load(token, kind, user):
    """``(file name, content)`` for a token from ``stash``; raises ImportProblem otherwise."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as error:
        raise ImportProblem(_("This preview has expired. Upload the file again."), "expired") from error
    except signing.BadSignature as error:
        raise ImportProblem(_("This preview is not valid. Upload the file again."), "bad_token") from error
    if data.get("kind") != kind or data.get("user") != user.pk:
        raise ImportProblem(_("This preview is not valid. Upload the file again."), "bad_token")
    path = f"{FOLDER}/{data['key']}"
    if not default_storage.exists(path):
        raise ImportProblem(_("This preview has expired. Upload the file again."), "expired")
    with default_storage.open(path, "rb") as handle:
        return data["name"], handle.read()


def discard(token):
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return
    default_storage.delete(f"{FOLDER}/{data['key']}")


def _sweep():
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return
    limit = timezone.now() - datetime.timedelta(days=1)
    for name in files:
        path = f"{FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue
