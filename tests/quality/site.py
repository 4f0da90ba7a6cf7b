"""The site the quality gates look at: the full demo content, a search index, and a member
for the pages that need someone signed in."""

import io

from django.core.management import call_command

from tests.factories.accounts import UserFactory
from tests.snapshots import SNAPSHOTS

MEMBER_EMAIL = "member@example.org"


def build_demo_site():
    """Loads the demo as `make demo` does and returns a verified member to sign in with. In a
    test that commits, the demo is built once per session and restored after that."""
    SNAPSHOTS.load("demo", load_demo)
    return UserFactory(email=MEMBER_EMAIL)


def load_demo():
    call_command("load_demo", "--no-index", stdout=io.StringIO())
    call_command("update_index", verbosity=0, stdout=io.StringIO())
