"""Authorization matrix: every address of the site, requested as each role, answers as the
table ACCESS below says, and an answer that refuses shows nothing of event A's people.

Addresses (tests/security/matrix_requests.py): every URL pattern of the resolver, in Arabic and
English where it has a language prefix (the admin with what the apps add through Wagtail's
hooks, the accounts, the directory, registration, tickets, the desk, certificates, calendar
files), each live page of the page tree in both languages, and each item of the admin's
menu, their parameters filled with event A's real records. Roles
(tests/security/matrix_roles.py): an anonymous visitor, a participant of event A, a
participant of event B, desk staff and a reporter of event A, the organisers of events A and
B, directory staff and a superuser. Each address is requested with GET, and with an empty
POST when its view takes one; each request runs in a savepoint rolled back after it, so that
a deletion or a cancellation leaves the next request the same data.

Outcomes: ``ok`` the role reached the view (a page, a file, a redirect elsewhere than to a
sign-in, a form's or the desk's 400); ``login`` sent to sign in; ``denied`` a 403, a 404 or
Wagtail's "no permission" redirect to the dashboard; ``method`` a 405 (the view did nothing);
``error`` a server error, always a failure. A role the table allows must get ``ok`` (or
``method``), any other role ``login``, ``denied`` or ``method``; an address whose pattern the
table does not know fails the test: add it. What an answer shows (its body, where it
redirects, the messages it leaves) is searched for event A's participants: a refusal names
none of them (Latin and Arabic names, emails, phones, references) nor any status or count, and
no answer at all names them to the roles in BLIND. Further tests: the references addresses
carry are long random keys, and a neighbouring id or key finds nothing.

PDFs are drawn by a stand-in (the documents' HTML is still made): which roles reach them is
the question here, and drawing them is tested where they are made. The size of the matrix and
its time are printed and written to test-artifacts/matrix-<database>-<shard>.txt."""

import math
import string
import time
import uuid
from dataclasses import dataclass

import pytest
from django.core import signing
from django.test import RequestFactory

from core import pdf
from events.attendance.services.certificates import grouped
from events.registrations.models.registrations import REFERENCE_ALPHABET
from network.errors import ImportProblem
from network.imports import storage as imports_storage
from tests.not_found import assert_not_found
from tests.security import matrix_roles
from tests.security.matrix_requests import menu_targets, page_targets, pattern_targets, values_of
from tests.security.matrix_roles import ROLES
from tests.security.matrix_run import Matrix, Role, StandInDocument

pytestmark = pytest.mark.django_db


# --- who may do what ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    """The roles a GET reaches, and a POST when it differs; ``posted=False`` when no POST is
    sent to the address (its view takes one, but fails on any the site's pages never send)."""

    get: frozenset
    post: frozenset | None = None
    posted: bool = True

    def allows(self, role, method):
        roles = self.post if method == "post" and self.post is not None else self.get
        return role in roles


def roles(*names):
    unknown = set(names) - set(ROLES)
    assert not unknown, unknown
    return frozenset(names)


EVERYONE = roles(*ROLES)
NOBODY = roles()
SIGNED_IN = EVERYONE - {"anonymous"}
# Into the admin: the reporter (through the reporters' group), the organisers, directory staff.
ADMIN = roles("reporter", "organiser", "other_organiser", "directory", "superuser")
# Those who may edit some page: the organisers of A and of B.
EDITORS = roles("organiser", "other_organiser", "superuser")
SUPERUSER = roles("superuser")
A_ORGANISERS = roles("organiser", "superuser")
# Event A's attendee list, its exports and reports: its organisers and its reporter.
A_READERS = A_ORGANISERS | {"reporter"}
# Event A's desk: its organisers and its desk staff.
A_DESK = A_ORGANISERS | {"desk"}
# Someone's desk: desk staff and the organisers of any event.
DESKS = A_DESK | {"other_organiser"}
# The registrations menu and the programme report: organisers and reporters of any event.
READERS = EDITORS | {"reporter"}
DIRECTORY = roles("directory", "superuser")
# Layla's own registration, ticket and certificate: Layla, and (ticket, certificate) A's organisers.
HOLDER = roles("participant")
HOLDER_AND_A_ORGANISERS = HOLDER | A_ORGANISERS


def everyone():
    return Access(EVERYONE)


def only(get, post=None, posted=True):
    return Access(get, post, posted)


ACCESS = {
    # --- the public site, in both languages -------------------------------------------------
    "page:home.homepage": everyone(),
    "page:home.standardpage": everyone(),
    "page:events.eventindexpage": everyone(),
    "page:events.eventpage": everyone(),
    "<lang>/search/": everyone(),
    "<lang>/jsi18n/": everyone(),
    "<lang>/directory/": everyone(),
    "<lang>/directory/organisations/": everyone(),
    "<lang>/directory/organisations/<str:slug>/": everyone(),
    "<lang>/directory/people/": everyone(),
    "<lang>/directory/people/<str:slug>/": everyone(),
    "<lang>/directory/networks/<str:slug>/": everyone(),
    "<lang>/calendar/upcoming.ics": everyone(),
    "<lang>/calendar/kind/<slug:kind>.ics": everyone(),
    "<lang>/calendar/organisation/<unicode_slug:slug>.ics": everyone(),
    "<lang>/calendar/event/<record_id:pk>.ics": everyone(),
    "<lang>/calendar/event/<record_id:pk>/agenda.ics": everyone(),
    "<lang>/calendar/session/<record_id:pk>.ics": everyone(),
    # The events widget: its builder page, and the frame partner sites show.
    "<lang>/widget/": everyone(),
    "embed/events/": everyone(),
    "<lang>/certificates/verify/": everyone(),
    "<lang>/certificates/verify/<path:code>/": everyone(),
    # Whoever has the feed's address reads it: the token is the key (and is replaced on demand).
    "<lang>/my/calendar/<str:token>.ics": everyone(),
    "<lang>/_util/login/": everyone(),
    # No page of the site is private: there is no restriction to give a password for.
    "<lang>/_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": only(NOBODY),
    "sitemap.xml": everyone(),
    "healthz": everyone(),
    "i18n/setlang/": everyone(),
    "^media/(?P<path>.*)$": everyone(),
    "documents/(\\d+)/(.*)$": everyone(),
    "documents/authenticate_with_password/<int:restriction_id>/": only(NOBODY),
    # --- accounts (allauth): one's own account only ---------------------------------------------
    "<lang>/accounts/login/": everyone(),
    "<lang>/accounts/logout/": everyone(),
    "<lang>/accounts/signup/": everyone(),
    "<lang>/accounts/inactive/": everyone(),
    "<lang>/accounts/login/code/": everyone(),
    "<lang>/accounts/login/code/confirm/": everyone(),
    "<lang>/accounts/confirm-email/": everyone(),
    # A confirmation key that is not one: the page says so; sending it finds nothing.
    "<lang>/accounts/confirm-email/(?P<key>[-:\\w]+)/$": only(EVERYONE, post=NOBODY),
    "<lang>/accounts/password/reset/": everyone(),
    "<lang>/accounts/password/reset/done/": everyone(),
    "<lang>/accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": everyone(),
    "<lang>/accounts/password/reset/key/done/": everyone(),
    "<lang>/accounts/email/": only(SIGNED_IN),
    "<lang>/accounts/password/change/": only(SIGNED_IN),
    "<lang>/accounts/password/set/": only(SIGNED_IN),
    "<lang>/accounts/reauthenticate/": only(SIGNED_IN),
    "<lang>/accounts/2fa/": only(SIGNED_IN),
    "<lang>/accounts/2fa/authenticate/": only(SIGNED_IN),
    "<lang>/accounts/2fa/reauthenticate/": only(SIGNED_IN),
    "<lang>/accounts/2fa/totp/activate/": only(SIGNED_IN),
    "<lang>/accounts/2fa/recovery-codes/generate/": only(SIGNED_IN),
    "<lang>/accounts/2fa/webauthn/": only(SIGNED_IN),
    "<lang>/accounts/2fa/webauthn/add/": only(SIGNED_IN),
    "<lang>/accounts/2fa/webauthn/reauthenticate/": only(SIGNED_IN),
    # Asks for the password again before it looks for the passkey (there is none).
    "<lang>/accounts/2fa/webauthn/keys/<int:pk>/edit/": only(SIGNED_IN),
    "<lang>/accounts/2fa/webauthn/keys/<int:pk>/remove/": only(SIGNED_IN),
    # Signing in with a passkey: the sign-in page posts here; without one, a visitor is sent
    # back to sign in.
    "<lang>/accounts/2fa/webauthn/login/": only(SIGNED_IN),
    # No one in the world has an authenticator app or recovery codes yet.
    "<lang>/accounts/2fa/totp/deactivate/": only(NOBODY),
    "<lang>/accounts/2fa/recovery-codes/": only(NOBODY),
    "<lang>/accounts/2fa/recovery-codes/download/": only(NOBODY),
    # --- a participant's own pages --------------------------------------------------------------
    "<lang>/registrations/<record_id:event_id>/": only(SIGNED_IN),
    # An invitation's link: its landing page to anyone (sign in or sign up), its form to anyone
    # signed in: the link is the key, not the account.
    "<lang>/registrations/<record_id:event_id>/invitation/<str:token>/": everyone(),
    "<lang>/my/events/": only(SIGNED_IN),
    "<lang>/my/profile/": only(SIGNED_IN),
    "<lang>/my/calendar/": only(SIGNED_IN),
    "<lang>/my/data/": only(SIGNED_IN),
    "<lang>/my/data.json": only(SIGNED_IN),
    "<lang>/my/delete/": only(SIGNED_IN),
    # Personal API tokens: anyone signed in reads the page (only organisers get its form); the
    # organiser's token is revoked by them alone.
    "<lang>/my/api-tokens/": only(SIGNED_IN),
    "<lang>/my/api-tokens/<record_id:token_id>/revoke/": only(roles("organiser")),
    "<lang>/my/events/<str:reference>/": only(HOLDER),
    "<lang>/my/events/<str:reference>/cancel/": only(HOLDER),
    "<lang>/my/events/<str:reference>/accept/": only(HOLDER),
    # Changing one's answers: the page, or back to the registration when the event forbids it.
    "<lang>/my/events/<str:reference>/answers/": only(HOLDER),
    # Giving one's place: the page, or back to the registration when the event forbids it.
    "<lang>/my/events/<str:reference>/give/": only(HOLDER),
    # The registration form's preview: the event's organisers only.
    "<lang>/registrations/<record_id:event_id>/preview/": only(A_ORGANISERS),
    # The evaluation of Layla's event: her own page (it says when it opens; answering is refused
    # while it is not open, which the empty POST meets first as a form to correct).
    "<lang>/my/events/<str:reference>/evaluation/": only(HOLDER),
    "<lang>/tickets/<str:reference>/": only(HOLDER_AND_A_ORGANISERS),
    "<lang>/certificates/<str:code>.pdf": only(HOLDER_AND_A_ORGANISERS),
    # --- the API: its schema and documentation page are public; its root is no page ----------
    "api/v1/": only(NOBODY),
    "api/v1/openapi.json": everyone(),
    "api/v1/docs": everyone(),
    # --- the public API: what the public pages show, to anyone ------------------------------------
    "api/v1/events": everyone(),
    "api/v1/events/<event_id>": everyone(),
    "api/v1/organisations": everyone(),
    "api/v1/organisations/<reference>": everyone(),
    "api/v1/people": everyone(),
    "api/v1/people/<reference>": everyone(),
    # --- the staff API: a personal token opens it, a session never does (401, as to sign in) ----
    "api/v1/staff/events": only(NOBODY),
    "api/v1/staff/events/<event_id>/registrations": only(NOBODY),
    "api/v1/staff/events/<event_id>/registrations/<reference>": only(NOBODY),
    "api/v1/staff/events/<event_id>/attendance": only(NOBODY),
    "api/v1/staff/events/<event_id>/check-ins": only(NOBODY),
    # --- the check-in desk ---------------------------------------------------------------------
    "<lang>/desk/": only(DESKS),
    "<lang>/desk/sw.js": everyone(),
    "<lang>/desk/<record_id:event_id>/": only(A_DESK),
    "<lang>/desk/<record_id:event_id>/counts/": only(A_DESK),
    "<lang>/desk/<record_id:event_id>/search/": only(A_DESK),
    "<lang>/desk/<record_id:event_id>/scan/": only(A_DESK),
    "<lang>/desk/<record_id:event_id>/person/": only(A_DESK),
    "<lang>/desk/<record_id:event_id>/undo/": only(A_DESK),
    "<lang>/desk/<record_id:event_id>/walk-in/": only(A_DESK),
    "<lang>/desk/<record_id:event_id>/sync/": only(A_DESK),
    "<lang>/tickets/check/<str:token>/": only(A_DESK),
    # --- the admin: the organisers' screens of event A ---------------------------------------
    "admin/registrations/": only(READERS),
    "admin/registrations/event/<record_id:event_id>/": only(A_READERS),
    "admin/registrations/event/<record_id:event_id>/results/": only(A_READERS),
    "admin/registrations/event/<record_id:event_id>/counts/": only(A_READERS),
    "admin/registrations/event/<record_id:event_id>/bulk/<slug:action>/": only(A_ORGANISERS),
    "admin/registrations/event/<record_id:event_id>/write/": only(A_ORGANISERS),
    "admin/registrations/event/<record_id:event_id>/messages/": only(A_ORGANISERS),
    "admin/registrations/event/<record_id:event_id>/messages/<record_id:pk>/": only(A_ORGANISERS),
    "admin/registrations/event/<record_id:event_id>/messages/<record_id:pk>/results/": only(A_ORGANISERS),
    "admin/registrations/event/<record_id:event_id>/settings/": only(A_ORGANISERS),
    "admin/registrations/event/<record_id:event_id>/invitations/": only(A_ORGANISERS),
    "admin/registrations/event/<record_id:event_id>/invitations/results/": only(A_ORGANISERS),
    "admin/registrations/event/<record_id:event_id>/invitations/<record_id:pk>/send-again/": only(A_ORGANISERS),
    "admin/registrations/event/<record_id:event_id>/invitations/<record_id:pk>/revoke/": only(A_ORGANISERS),
    "admin/registrations/event/<record_id:event_id>/add/": only(A_ORGANISERS),
    "admin/registrations/event/<record_id:event_id>/import/": only(A_ORGANISERS),
    "admin/registrations/event/<record_id:event_id>/registration/<record_id:pk>/": only(A_ORGANISERS),
    "admin/registrations/event/<record_id:event_id>/registration/<record_id:pk>/answers/": only(A_ORGANISERS),
    "admin/registrations/event/<record_id:event_id>/registration/<record_id:pk>/decline/": only(A_ORGANISERS),
    "admin/registrations/event/<record_id:event_id>/registration/<record_id:pk>/cancel/": only(A_ORGANISERS),
    "admin/registrations/event/<record_id:event_id>/registration/<record_id:pk>/replace/": only(A_ORGANISERS),
    "admin/attendance/<record_id:event_id>/": only(A_ORGANISERS),
    # Webhooks: the organisers make endpoints; one is seen and used by its event's organisers.
    "admin/webhooks/": only(EDITORS),
    "admin/webhooks/results/": only(EDITORS),
    "admin/webhooks/new/": only(EDITORS),
    "admin/webhooks/edit/<record_id:pk>/": only(A_ORGANISERS),
    "admin/webhooks/delete/<record_id:pk>/": only(A_ORGANISERS),
    "admin/webhooks/history/<record_id:pk>/": only(A_ORGANISERS),
    "admin/webhooks/history-results/<record_id:pk>/": only(A_ORGANISERS),
    "admin/webhooks/usage/<record_id:pk>/": only(A_ORGANISERS),
    "admin/webhooks/inspect/<record_id:pk>/": only(A_ORGANISERS),
    "admin/webhooks/rotate/<record_id:pk>/": only(A_ORGANISERS),
    "admin/webhooks/redeliver/<record_id:pk>/": only(A_ORGANISERS),
    "admin/attendance/<record_id:event_id>/plan/": only(A_ORGANISERS),
    "admin/attendance/<record_id:event_id>/team/": only(A_ORGANISERS),
    "admin/attendance/<record_id:event_id>/reports/": only(A_ORGANISERS),
    "admin/attendance/<record_id:event_id>/reports/<str:key>/": only(A_ORGANISERS),
    "admin/attendance/<record_id:event_id>/reports/<str:key>/columns/": only(A_ORGANISERS),
    "admin/attendance/<record_id:event_id>/certificates/": only(A_ORGANISERS),
    "admin/attendance/<record_id:event_id>/badges/": only(A_ORGANISERS),
    "admin/attendance/<record_id:event_id>/sheets/": only(A_ORGANISERS),
    "admin/attendance/<record_id:event_id>/sheets/<str:slot>/": only(A_ORGANISERS),
    "admin/attendance/<record_id:event_id>/sheets/<str:slot>/pdf/": only(A_ORGANISERS),
    "admin/attendance/<record_id:event_id>/print/<str:key>/": only(A_ORGANISERS),
    "admin/attendance/<record_id:event_id>/print/<str:key>/status/": only(A_ORGANISERS),
    "admin/attendance/<record_id:event_id>/print/<str:key>/pdf/": only(A_ORGANISERS),
    # Background tasks that failed after their last attempt: the superuser (and whoever is
    # given the permission to handle them, which no role here has).
    "admin/failed-tasks/": only(SUPERUSER),
    "admin/failed-tasks/<str:result_id>/retry/": only(SUPERUSER),
    # The staff API's call log.
    "admin/api-calls/": only(SUPERUSER),
    "admin/api-calls/results/": only(SUPERUSER),
    # A long import's page is found only by the staff member who started it (the id of its
    # task's result); none of the roles here started one.
    "admin/registrations/event/<record_id:event_id>/import/<str:result_id>/": only(NOBODY),
    "admin/directory-tools/import/<str:kind>/running/<str:result_id>/": only(NOBODY),
    "admin/attendance/<record_id:event_id>/export/": only(A_READERS),
    "admin/reports/<record_id:event_id>/": only(A_READERS),
    # Event A's evaluation: its results and responses for those who read its reports; setting it
    # up and inviting the participants for its organisers.
    "admin/evaluation/<record_id:event_id>/": only(A_READERS),
    "admin/evaluation/<record_id:event_id>/responses.xlsx": only(A_READERS),
    "admin/evaluation/<record_id:event_id>/setup/": only(A_ORGANISERS),
    "admin/evaluation/<record_id:event_id>/invite/": only(A_ORGANISERS),
    "admin/reports/<record_id:event_id>/pdf/": only(A_READERS),
    "admin/reports/<record_id:event_id>/xlsx/": only(A_READERS),
    "admin/reports/programme/": only(READERS),
    "admin/reports/programme/pdf/": only(READERS),
    "admin/reports/programme/xlsx/": only(READERS),
    # --- the admin: the directory -------------------------------------------------------------
    "admin/snippets/network/organisation/": only(DIRECTORY),
    "admin/snippets/network/organisation/results/": only(DIRECTORY),
    "admin/snippets/network/organisation/add/": only(DIRECTORY),
    "admin/snippets/network/organisation/edit/<int:pk>/": only(DIRECTORY),
    "admin/snippets/network/organisation/delete/<int:pk>/": only(DIRECTORY),
    "admin/snippets/network/organisation/usage/<int:pk>/": only(DIRECTORY),
    "admin/snippets/network/organisation/history/<int:pk>/": only(DIRECTORY),
    "admin/snippets/network/organisation/history-results/<int:pk>/": only(DIRECTORY),
    "admin/snippets/network/organisation/copy/<int:pk>/": only(DIRECTORY),
    "admin/snippets/network/person/": only(DIRECTORY),
    "admin/snippets/network/person/results/": only(DIRECTORY),
    "admin/snippets/network/person/add/": only(DIRECTORY),
    "admin/snippets/network/person/edit/<int:pk>/": only(DIRECTORY),
    "admin/snippets/network/person/delete/<int:pk>/": only(DIRECTORY),
    "admin/snippets/network/person/usage/<int:pk>/": only(DIRECTORY),
    "admin/snippets/network/person/history/<int:pk>/": only(DIRECTORY),
    "admin/snippets/network/person/history-results/<int:pk>/": only(DIRECTORY),
    "admin/snippets/network/person/copy/<int:pk>/": only(DIRECTORY),
    "admin/snippets/network/network/": only(DIRECTORY),
    "admin/snippets/network/network/results/": only(DIRECTORY),
    "admin/snippets/network/network/add/": only(DIRECTORY),
    "admin/snippets/network/network/edit/<int:pk>/": only(DIRECTORY),
    "admin/snippets/network/network/delete/<int:pk>/": only(DIRECTORY),
    "admin/snippets/network/network/usage/<int:pk>/": only(DIRECTORY),
    "admin/snippets/network/network/history/<int:pk>/": only(DIRECTORY),
    "admin/snippets/network/network/history-results/<int:pk>/": only(DIRECTORY),
    "admin/snippets/network/network/copy/<int:pk>/": only(DIRECTORY),
    "admin/directory-tools/import/<str:kind>/": only(DIRECTORY),
    "admin/directory-tools/import/<str:kind>/preview/": only(DIRECTORY),
    "admin/directory-tools/import/<str:kind>/confirm/": only(DIRECTORY),
    "admin/directory-tools/export/<str:kind>/<str:file_format>/": only(DIRECTORY),
    "admin/directory-tools/merges/": only(DIRECTORY),
    # The choosers list what network/staff/access.py lets each one pick; Layla (a participant
    # of A, no public profile) may be picked by A's organisers and by directory staff.
    "admin/snippets/choose/network/organisation/": only(ADMIN),
    "admin/snippets/choose/network/organisation/results/": only(ADMIN),
    "admin/snippets/choose/network/organisation/chosen/<str:pk>/": only(ADMIN),
    "admin/snippets/choose/network/organisation/chosen-multiple/": only(ADMIN),
    "admin/snippets/choose/network/person/": only(ADMIN),
    "admin/snippets/choose/network/person/results/": only(ADMIN),
    "admin/snippets/choose/network/person/chosen/<str:pk>/": only(A_ORGANISERS | DIRECTORY),
    "admin/snippets/choose/network/person/chosen-multiple/": only(ADMIN),
    "admin/snippets/choose/network/network/": only(ADMIN),
    "admin/snippets/choose/network/network/results/": only(ADMIN),
    "admin/snippets/choose/network/network/chosen/<str:pk>/": only(ADMIN),
    "admin/snippets/choose/network/network/chosen-multiple/": only(ADMIN),
    # No creation form is set for these choosers: the page opens, and Wagtail fails on any
    # POST (its chooser never posts here), so none is sent.
    "admin/snippets/choose/network/organisation/create/": only(DIRECTORY, posted=False),
    "admin/snippets/choose/network/person/create/": only(DIRECTORY, posted=False),
    "admin/snippets/choose/network/network/create/": only(DIRECTORY, posted=False),
    "admin/snippets/choose/events/venue/create/": only(SUPERUSER, posted=False),
    # --- the admin: Wagtail's own screens, as its permissions give them --------------------------
    "admin/": only(ADMIN),
    "admin/account/": only(ADMIN),
    "admin/dismissibles/": only(ADMIN),
    "admin/test404/": only(ADMIN),
    "admin/jsi18n/": everyone(),
    "admin/sprite/": everyone(),
    "admin/login/": everyone(),
    # Signing out sends everyone to sign in (and there is nothing to do with a visit).
    "admin/logout/": only(NOBODY),
    "admin/password_reset/": everyone(),
    "admin/password_reset/done/": everyone(),
    "admin/password_reset/confirm/<uidb64>/<token>/": everyone(),
    "admin/password_reset/complete/": everyone(),
    # An admin address that is none: Wagtail's not-found answer.
    "admin/.*/$": only(NOBODY),
    "admin/block-preview/": only(NOBODY),
    # Pages: the organisers of A edit A; the organiser of B explores the tree down to B.
    "admin/pages/": only(EDITORS),
    "admin/pages/<int:parent_page_id>/": only(EDITORS),
    "admin/pages/<int:parent_page_id>/results/": only(EDITORS),
    "admin/pages/<int:parent_page_id>/add_subpage/": only(SUPERUSER),
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/": only(
        SUPERUSER
    ),
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/preview/": (
        only(SUPERUSER)
    ),
    # Where a new event could go: the list is empty for those who may add none.
    "admin/pages/create/<slug:app_label>/<slug:model_name>": only(ADMIN),
    "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/": only(EDITORS),
    "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/results/": only(EDITORS),
    "admin/pages/search/": only(EDITORS),
    "admin/pages/search/results/": only(EDITORS),
    "admin/pages/<int:page_id>/edit/": only(A_ORGANISERS),
    "admin/pages/<int:page_id>/edit/preview/": only(A_ORGANISERS),
    "admin/pages/<int:page_id>/view_draft/": only(A_ORGANISERS),
    "admin/pages/<int:page_id>/usage/": only(A_ORGANISERS),
    "admin/pages/<int:page_id>/delete/": only(A_ORGANISERS),
    "admin/pages/<int:page_id>/unpublish/": only(A_ORGANISERS),
    "admin/pages/<int:page_id>/copy/": only(A_ORGANISERS),
    "admin/pages/<int:page_id>/privacy/": only(A_ORGANISERS),
    "admin/pages/<int:page_id>/history/": only(A_ORGANISERS),
    "admin/pages/<int:page_id>/history/results/": only(A_ORGANISERS),
    "admin/pages/<int:page_id>/workflow_history/": only(A_ORGANISERS),
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/view/": only(A_ORGANISERS),
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/": only(A_ORGANISERS),
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/": only(A_ORGANISERS),
    "admin/pages/(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\."
    "(?P<revision_id_b>live|latest|\\d+)/$": only(A_ORGANISERS),
    # Sends to the page's history, which refuses whoever may not read it.
    "admin/pages/<int:page_id>/revisions/": only(ADMIN),
    "admin/pages/<int:page_to_move_id>/move/": only(A_ORGANISERS),
    # Wagtail's confirmation asks no permission (the move itself does: only the superuser
    # may move A into the events index); it names the two pages, as Wagtail's page API does.
    "admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/": only(ADMIN, post=SUPERUSER),
    "admin/pages/<int:page_to_move_id>/set_position/": only(SUPERUSER),
    "admin/pages/<int:page_id>/lock/": only(SUPERUSER),
    "admin/pages/<int:page_id>/unlock/": only(SUPERUSER),
    # A is no alias, and no page is in a workflow.
    "admin/pages/<int:page_id>/convert_alias/": only(NOBODY),
    "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/": only(NOBODY),
    "admin/pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/<int:task_state_id>/": only(NOBODY),
    "admin/pages/<int:page_id>/workflow_history/detail/<int:workflow_state_id>/": only(NOBODY),
    "admin/pages/workflow/confirm_cancellation/<int:page_id>/": only(ADMIN),
    "admin/pages/workflow/preview/<int:page_id>/<int:task_id>/": only(ADMIN),
    # Wagtail's bulk actions list the pages chosen and act on those each may act on, telling
    # the others they may not.
    "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/": only(ADMIN),
    "admin/choose-page/": only(ADMIN),
    "admin/choose-page/<int:parent_page_id>/": only(ADMIN),
    "admin/choose-page/search/": only(ADMIN),
    "admin/choose-page/chosen-multiple/": only(ADMIN),
    "admin/choose-external-link/": only(ADMIN),
    "admin/choose-email-link/": only(ADMIN),
    "admin/choose-phone-link/": only(ADMIN),
    "admin/choose-anchor-link/": only(ADMIN),
    "admin/tag-autocomplete/": only(ADMIN),
    "admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/": only(ADMIN),
    "admin/embeds/chooser/": only(ADMIN),
    "admin/embeds/chooser/upload/": only(ADMIN),
    "admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/": only(
        A_ORGANISERS
    ),
    # Ends one's own editing session (there is none: nothing happens).
    "admin/editing-sessions/release/<int:session_id>/": only(ADMIN),
    "admin/api/main/pages/": only(ADMIN),
    "admin/api/main/pages/<int:pk>/": only(A_ORGANISERS),
    "admin/api/main/pages/<int:pk>/action/<str:action_name>/": only(SUPERUSER),
    "admin/api/main/pages/find/": only(NOBODY),
    "admin/api/main/documents/": only(ADMIN),
    "admin/api/main/documents/<int:pk>/": only(ADMIN),
    "admin/api/main/documents/find/": only(NOBODY),
    "admin/api/main/images/": only(ADMIN),
    "admin/api/main/images/<int:pk>/": only(ADMIN),
    "admin/api/main/images/find/": only(NOBODY),
    # Wagtail's reports: those who may edit pages see the page reports, every admin user the
    # site's history (of what they may see), the superuser the locked pages.
    "admin/reports/locked/": only(SUPERUSER),
    "admin/reports/locked/results/": only(SUPERUSER),
    "admin/reports/workflow/": only(EDITORS),
    "admin/reports/workflow/results/": only(EDITORS),
    "admin/reports/workflow_tasks/": only(EDITORS),
    "admin/reports/workflow_tasks/results/": only(EDITORS),
    "admin/reports/site-history/": only(ADMIN),
    "admin/reports/site-history/results/": only(ADMIN),
    "admin/reports/aging-pages/": only(EDITORS),
    "admin/reports/aging-pages/results/": only(EDITORS),
    "admin/reports/page-types-usage/": only(EDITORS),
    "admin/reports/page-types-usage/results/": only(EDITORS),
    "admin/forms/": only(EDITORS),
    "admin/forms/results/": only(EDITORS),
    # A is no form page (the site has none).
    "admin/forms/submissions/<int:page_id>/": only(NOBODY),
    "admin/forms/submissions/<int:page_id>/results/": only(NOBODY),
    "admin/forms/submissions/<int:page_id>/delete/": only(NOBODY),
    # The media libraries: choosing for every admin user (nothing of a collection they may not
    # choose from); the libraries themselves for the superuser.
    "admin/images/chooser/": only(ADMIN),
    "admin/images/chooser/results/": only(ADMIN),
    "admin/images/chooser/chosen-multiple/": only(ADMIN),
    "admin/images/chooser/chosen/<str:pk>/": only(SUPERUSER),
    "admin/images/chooser/create/": only(SUPERUSER),
    "admin/images/chooser/<int:image_id>/select_format/": only(SUPERUSER),
    "admin/images/": only(SUPERUSER),
    "admin/images/results/": only(SUPERUSER),
    "admin/images/add/": only(SUPERUSER),
    "admin/images/<int:image_id>/": only(SUPERUSER),
    "admin/images/<int:image_id>/delete/": only(SUPERUSER),
    "admin/images/<int:image_id>/preview/<str:filter_spec>/": only(SUPERUSER),
    "admin/images/usage/<int:image_id>/": only(SUPERUSER),
    "admin/images/multiple/add/": only(SUPERUSER),
    "admin/images/multiple/<int:image_id>/": only(SUPERUSER),
    "admin/images/multiple/<int:image_id>/delete/": only(SUPERUSER),
    # Image addresses are generated only with a serving view, which the site does not use.
    "admin/images/<int:image_id>/generate_url/": only(NOBODY),
    "admin/images/<int:image_id>/generate_url/output/": only(NOBODY),
    # No upload is waiting in the multiple-upload screens.
    "admin/images/multiple/create_from_uploaded_image/<int:uploaded_file_id>/": only(NOBODY),
    "admin/images/multiple/delete_upload/<int:uploaded_file_id>/": only(NOBODY),
    "admin/documents/chooser/": only(ADMIN),
    "admin/documents/chooser/results/": only(ADMIN),
    "admin/documents/chooser/chosen-multiple/": only(ADMIN),
    "admin/documents/chooser/chosen/<str:pk>/": only(SUPERUSER),
    "admin/documents/chooser/create/": only(SUPERUSER),
    "admin/documents/": only(SUPERUSER),
    "admin/documents/results/": only(SUPERUSER),
    "admin/documents/add/": only(SUPERUSER),
    "admin/documents/edit/<int:document_id>/": only(SUPERUSER),
    "admin/documents/delete/<int:document_id>/": only(SUPERUSER),
    "admin/documents/usage/<int:document_id>/": only(SUPERUSER),
    "admin/documents/multiple/add/": only(SUPERUSER),
    "admin/documents/multiple/<int:doc_id>/": only(SUPERUSER),
    "admin/documents/multiple/<int:doc_id>/delete/": only(SUPERUSER),
    "admin/documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/": only(NOBODY),
    "admin/documents/multiple/delete_upload/<int:uploaded_file_id>/": only(NOBODY),
    "admin/collections/": only(SUPERUSER),
    "admin/collections/add/": only(SUPERUSER),
    "admin/collections/<int:pk>/": only(SUPERUSER),
    "admin/collections/<int:pk>/delete/": only(SUPERUSER),
    "admin/collections/<int:collection_id>/privacy/": only(SUPERUSER),
    "admin/snippets/": only(NOBODY),  # every snippet is in a menu of its own: no list of them
    "admin/snippets/events/venue/": only(SUPERUSER),
    "admin/snippets/events/venue/results/": only(SUPERUSER),
    "admin/snippets/events/venue/add/": only(SUPERUSER),
    "admin/snippets/events/venue/edit/<int:pk>/": only(SUPERUSER),
    "admin/snippets/events/venue/delete/<int:pk>/": only(SUPERUSER),
    "admin/snippets/events/venue/usage/<int:pk>/": only(SUPERUSER),
    "admin/snippets/events/venue/history/<int:pk>/": only(SUPERUSER),
    "admin/snippets/events/venue/history-results/<int:pk>/": only(SUPERUSER),
    "admin/snippets/events/venue/copy/<int:pk>/": only(SUPERUSER),
    "admin/snippets/choose/events/venue/": only(ADMIN),
    "admin/snippets/choose/events/venue/results/": only(ADMIN),
    "admin/snippets/choose/events/venue/chosen/<str:pk>/": only(ADMIN),
    "admin/snippets/choose/events/venue/chosen-multiple/": only(ADMIN),
    "admin/workflows/list/": only(SUPERUSER),
    "admin/workflows/list/results/": only(SUPERUSER),
    "admin/workflows/add/": only(SUPERUSER),
    "admin/workflows/enable/<int:pk>/": only(SUPERUSER),
    "admin/workflows/disable/<int:pk>/": only(SUPERUSER),
    "admin/workflows/edit/<int:pk>/": only(SUPERUSER),
    "admin/workflows/usage/<int:pk>/": only(SUPERUSER),
    "admin/workflows/usage/<int:pk>/results/": only(SUPERUSER),
    "admin/workflows/remove/<int:page_pk>/": only(SUPERUSER),
    "admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/": only(SUPERUSER),
    "admin/workflows/tasks/add/<str:app_label>/<str:model_name>/": only(SUPERUSER),
    "admin/workflows/tasks/select_type/": only(SUPERUSER),
    "admin/workflows/tasks/index/": only(SUPERUSER),
    "admin/workflows/tasks/index/results/": only(SUPERUSER),
    "admin/workflows/tasks/edit/<int:pk>/": only(SUPERUSER),
    "admin/workflows/tasks/disable/<int:pk>/": only(SUPERUSER),
    "admin/workflows/tasks/enable/<int:pk>/": only(SUPERUSER),
    # The task chooser of the workflow editor: its pages open for any admin user (a task is
    # a name and a group); creating one is the superuser's, the others' POST is a 400.
    "admin/workflows/task_chooser/": only(ADMIN),
    "admin/workflows/task_chooser/results/": only(ADMIN),
    "admin/workflows/task_chooser/create/": only(ADMIN),
    "admin/workflows/task_chooser/<int:task_id>/": only(ADMIN),
    "admin/redirects/": only(SUPERUSER),
    "admin/redirects/results/": only(SUPERUSER),
    "admin/redirects/add/": only(SUPERUSER),
    "admin/redirects/<int:redirect_id>/": only(SUPERUSER),
    "admin/redirects/<int:redirect_id>/delete/": only(SUPERUSER),
    "admin/redirects/import/": only(SUPERUSER),
    # Wagtail fails on any POST its own import form did not sign (a file name it stored).
    "admin/redirects/import/process/": only(SUPERUSER, posted=False),
    "admin/settings/<slug:app_name>/<slug:model_name>/": only(SUPERUSER),
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/": only(SUPERUSER),
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/preview/": only(NOBODY),  # no preview
    "admin/translation/submit/page/<int:page_id>/": only(SUPERUSER),
    "admin/translation/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/": only(NOBODY),  # untranslated
    "admin/locales/": only(SUPERUSER),
    "admin/locales/results/": only(SUPERUSER),
    "admin/locales/new/": only(NOBODY),  # both languages exist: no locale is left to add
    "admin/locales/edit/<int:pk>/": only(SUPERUSER),
    "admin/locales/delete/<int:pk>/": only(SUPERUSER),
    "admin/locales/history/<int:pk>/": only(SUPERUSER),
    "admin/locales/history-results/<int:pk>/": only(SUPERUSER),
    "admin/locales/usage/<int:pk>/": only(SUPERUSER),
    "admin/sites/": only(SUPERUSER),
    "admin/sites/results/": only(SUPERUSER),
    "admin/sites/new/": only(SUPERUSER),
    "admin/sites/edit/<int:pk>/": only(SUPERUSER),
    "admin/sites/delete/<int:pk>/": only(SUPERUSER),
    "admin/sites/history/<int:pk>/": only(SUPERUSER),
    "admin/sites/history-results/<int:pk>/": only(SUPERUSER),
    "admin/sites/usage/<int:pk>/": only(SUPERUSER),
    "admin/sites/copy/<int:pk>/": only(SUPERUSER),
    "admin/users/": only(SUPERUSER),
    "admin/users/results/": only(SUPERUSER),
    "admin/users/new/": only(SUPERUSER),
    "admin/users/edit/<int:pk>/": only(SUPERUSER),
    "admin/users/delete/<int:pk>/": only(SUPERUSER),
    "admin/users/history/<int:pk>/": only(SUPERUSER),
    "admin/users/history-results/<int:pk>/": only(SUPERUSER),
    "admin/users/usage/<int:pk>/": only(SUPERUSER),
    "admin/users/copy/<int:pk>/": only(SUPERUSER),
    "admin/groups/": only(SUPERUSER),
    "admin/groups/results/": only(SUPERUSER),
    "admin/groups/new/": only(SUPERUSER),
    "admin/groups/edit/<int:pk>/": only(SUPERUSER),
    "admin/groups/delete/<int:pk>/": only(SUPERUSER),
    "admin/groups/history/<int:pk>/": only(SUPERUSER),
    "admin/groups/history-results/<int:pk>/": only(SUPERUSER),
    "admin/groups/usage/<int:pk>/": only(SUPERUSER),
}


# Roles that may see none of event A's people on any page, whatever it is: not only the
# pages that refuse them (the participant of A sees themselves).
BLIND = {"anonymous", "participant", "other_participant", "other_organiser"}
# What an address shows by design to whoever reaches it: a certificate's verification page
# names its holder (Layla) to anyone who has its code.
SHOWN = {"<lang>/certificates/verify/<path:code>/": matrix_roles.PEOPLE_OF_A[0][:2]}


# --- the world ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def matrix_media(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture
def world(demo_site, demo_snapshots, settings, matrix_media):
    """Events A and B, their people and one account per role (matrix_roles.build), built once
    per session. Sessions are kept in signed cookies (no query per request), the site's and
    allauth's limits are lifted (thousands of requests from one address)."""
    settings.MEDIA_ROOT = matrix_media
    settings.RATE_LIMITS = {}
    settings.ACCOUNT_RATE_LIMITS = False
    settings.MFA_RATE_LIMITS = False
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    return demo_snapshots.load("authorization-matrix", matrix_roles.build)


@pytest.fixture
def drawn_pdfs(monkeypatch):
    """PDFs are drawn by a stand-in: a page per document, no WeasyPrint."""
    monkeypatch.setattr(pdf, "html", lambda string, base_url: StandInDocument())
    monkeypatch.setattr("weasyprint.text.fonts.FontConfiguration", lambda: None)


def admin_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def all_targets(world, accounts, values):
    """The addresses to request: patterns, pages and the admin menu's items (each once)."""
    targets = pattern_targets(world, values) + page_targets()
    known = {target.url for target in targets}
    for role in ROLES[1:]:
        for target in menu_targets(admin_request(accounts[role])):
            if target.url not in known:
                known.add(target.url)
                targets.append(target)
    return targets


# --- the tests ----------------------------------------------------------------------------------


# The addresses are asked in shards, each a test of its own, so that the test processes share
# them out; every request is rolled back, so a shard sees the world as the whole run would.
SHARDS = 4


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_address_answers_every_role_as_the_table_says(
    world, drawn_pdfs, templates_without_contexts, quiet_refusals, capsys, shard
):
    started, cpu = time.monotonic(), time.process_time()
    accounts = matrix_roles.users(world)
    values = values_of(world)
    targets = all_targets(world, accounts, values)
    unknown = sorted({target.key for target in targets} - ACCESS.keys())
    stale = sorted(ACCESS.keys() - {target.key for target in targets})
    assert not unknown, "Add these URL patterns to ACCESS in tests/security/test_matrix.py:\n" + "\n".join(unknown)
    # The superuser first: when only a request tells whether a view takes a POST, theirs does.
    roles_asking = [Role(name, accounts[name]) for name in reversed(ROLES)]
    matrix = Matrix(world, values, ACCESS, BLIND, SHOWN)
    mine = targets[shard::SHARDS]
    for target in mine:
        matrix.run(target, roles_asking)
    summary = matrix.report(mine, time.monotonic() - started, time.process_time() - cpu, f"{shard + 1} of {SHARDS}")
    with capsys.disabled():
        print("\n" + summary + ("\nIn ACCESS but no longer an address: " + ", ".join(stale) if stale else ""))
    assert not matrix.problems, "\n".join(matrix.problems[:80])


def test_the_people_looked_for_are_on_the_pages_of_those_who_may_see_them(world, client):
    """The names, emails and references the matrix looks for are those event A's staff read:
    its registrations list shows every one of them, so their absence elsewhere means something."""
    client.force_login(matrix_roles.users(world)["reporter"])
    page = client.get(f"/admin/registrations/event/{world['event_a']}/").content.decode()
    for name, name_ar, email, _phone, _status in matrix_roles.PEOPLE_OF_A:
        assert (name in page or name_ar in page) and email in page
    assert all(reference in page for reference in world["references"])


def test_the_admin_menu_offers_each_role_only_what_the_table_lets_it_open(world):
    for role, user in matrix_roles.users(world).items():
        if user is None:
            continue
        for target in menu_targets(admin_request(user)):
            assert ACCESS[target.key].allows(role, "get"), f"{role} is offered {target.url}"


# --- references in addresses ---------------------------------------------------------------------

URLSAFE = string.ascii_letters + string.digits + "-_"


def bits(value, alphabet):
    """The randomness of ``value`` if each symbol is drawn at random from ``alphabet``."""
    assert set(value) <= set(alphabet), value
    return len(value) * math.log2(len(alphabet))


def test_references_in_addresses_are_long_random_keys(world):
    """What names a record in an address outside the organisers' screens is drawn at random:
    registrations (owner's pages, tickets), certificates (their public verification, limited
    to 30 codes a minute per address), the calendar feed, print jobs and online-meeting reports
    (their task results), the ticket's QR code (signed) and an import's file between preview
    and confirmation (a random name, in a token signed for one staff member)."""
    references = world["references"]
    assert len(set(references)) == len(references)
    assert all(bits(reference, REFERENCE_ALPHABET) >= 60 for reference in references)
    assert bits(world["certificate"], REFERENCE_ALPHABET) >= 50
    assert bits(world["feed_token"], URLSAFE) >= 256
    assert bits(world["print_job"], URLSAFE) >= 192
    assert bits(world["meeting_report"], URLSAFE) >= 192
    assert bits(world["meeting_columns"], URLSAFE) >= 192
    _reference, _event, mac = world["ticket_token"].split(".")
    assert bits(mac, string.hexdigits.lower()) >= 96
    directory, other = matrix_roles.users(world)["directory"], matrix_roles.users(world)["superuser"]
    token = imports_storage.stash(b"name\nLayla Haddad\n", "people.csv", "people", directory)
    key = signing.loads(token, salt=imports_storage.SALT)["key"]
    assert uuid.UUID(hex=key).version == 4
    assert imports_storage.load(token, "people", directory)[0] == "people.csv"
    with pytest.raises(ImportProblem):
        imports_storage.load(token, "people", other)


def neighbours(world):
    """(role, address) pairs one step from event A's records that the role may not open:
    another event's address with A's record, the next and previous ids, a key with one
    symbol changed, another participant's reference."""
    a, b = world["event_a"], world["event_b"]
    registrations = world["registrations"]
    ids = sorted({min(registrations) - 1, *registrations, max(registrations) + 1} - {world["registration_b"]})
    changed = {key: one_symbol_changed(world[key]) for key in ("print_job", "meeting_report", "meeting_columns")}
    pairs = [("other_organiser", f"/admin/registrations/event/{b}/registration/{pk}/") for pk in ids]
    pairs += [("reporter", f"/admin/registrations/event/{a}/registration/{pk}/") for pk in ids]
    for event, role in ((b, "other_organiser"), (a, "organiser")):
        job = world["print_job"] if event == b else changed["print_job"]
        report = world["meeting_report"] if event == b else changed["meeting_report"]
        columns = world["meeting_columns"] if event == b else changed["meeting_columns"]
        pairs += [
            (role, f"/admin/attendance/{event}/print/{job}/"),
            (role, f"/admin/attendance/{event}/print/{job}/status/"),
            (role, f"/admin/attendance/{event}/print/{job}/pdf/"),
            (role, f"/admin/attendance/{event}/reports/{report}/"),
            (role, f"/admin/attendance/{event}/reports/{columns}/columns/"),
        ]
    for reference in world["references"][1:]:
        pairs += [("participant", f"/ar/my/events/{reference}/"), ("participant", f"/en/tickets/{reference}/")]
    for reference in world["references"]:
        pairs += [("other_participant", f"/ar/my/events/{reference}/"), ("desk", f"/ar/tickets/{reference}/")]
    pairs += [("other_participant", f"/en/certificates/{grouped(world['certificate'])}.pdf")]
    return pairs


def one_symbol_changed(key):
    return key[:-1] + ("A" if key[-1] != "A" else "B")


def test_a_neighbouring_id_or_key_finds_nothing(world, client):
    """Stepping from a record one may open to the next id, another event's address or a key
    with one symbol changed is answered "not found" and shows no one."""
    accounts = matrix_roles.users(world)
    hides = matrix_roles.people_of_a() + world["references"] + matrix_roles.statuses_and_counts()
    for role, address in neighbours(world):
        client.force_login(accounts[role])
        response = client.get(address, follow=True)
        language = "en" if response.request["PATH_INFO"].startswith("/en/") else "ar"
        own = (*matrix_roles.PEOPLE_OF_A[0][:3], world["references"][0]) if role == "participant" else ()
        hidden = [secret for secret in hides if secret not in own and secret not in address]
        assert_not_found(response, language, hides=hidden)
