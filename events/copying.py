"""Copying an event for its next edition: the copy keeps the event's set-up, not its people.

Wagtail's Copy copies the page with its sessions, partners and tags (its child relations); the
set-up kept beside the page — registration settings and questions, the import mapping
(events/registrations/services/copying.py), the attendance plan and the attendee list's columns
(events/attendance/services/copying.py), the evaluation form and its questions
(events/evaluation/services/copying.py) — is copied here, by ``copy_set_up``, which the admin's
Copy calls through the ``after_copy_page`` hook (events/wagtail_hooks.py), for the event copied
or for every event under an index copied with its subpages. Code that copies pages with
``page.copy()`` calls ``copy_tree_set_up`` itself: Wagtail sends no signal of its own.

Never copied: registrations and their history, attendance, certificates, print jobs, webhook
endpoints and deliveries, audit entries, messages sent to participants, evaluation answers and
invitations, and the event's team — desk staff and reporters reach
people's personal data, so each edition's team is chosen again.

The set-up belongs to the canonical (default-language) page (events/translation.py), so only a
copy in the default language receives it. A copy of the English version alone is an English
page with no Arabic version: it receives nothing, and the organisers are told to copy the
Arabic page and translate the copy instead.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from modelcluster.models import get_all_child_relations

from core.errors import DomainError
from core.text import join
from events.attendance.services.copying import AttendanceSetUp, copy_attendance_set_up, has_attendance_set_up
from events.evaluation.services.copying import copy_evaluation_set_up, has_evaluation_set_up
from events.models import EventPage, Session
from events.registrations.services.copying import (
    RegistrationSetUp,
    copy_registration_set_up,
    has_registration_set_up,
)
from events.translation import default_language


class CopyError(DomainError):
    pass


@dataclass(frozen=True)
class CopiedSetUp:
    """What an event's copy received."""

    registration: RegistrationSetUp
    attendance: AttendanceSetUp
    # How many questions the evaluation form brought; None without one.
    evaluation_questions: int | None = None

    def __bool__(self):
        return any(self.items())

    def items(self):
        """What came along, as the message names it, in the active language."""
        questions = self.registration.questions
        return [
            self.registration.settings and _("registration settings"),
            questions and ngettext("%(count)s question", "%(count)s questions", questions) % {"count": questions},
            self.registration.import_mapping and _("import mapping"),
            self.attendance.plan and _("attendance plan"),
            self.attendance.export_columns and _("attendee list columns"),
            self.evaluation_questions is not None
            and ngettext(
                "the evaluation form with %(count)s question",
                "the evaluation form with %(count)s questions",
                self.evaluation_questions,
            )
            % {"count": self.evaluation_questions},
        ]


def copy_set_up(source, copy, *, by=None):
    """Copies ``source``'s set-up (any language version's: it is read from the canonical page)
    to ``copy``, a new edition's page in the default language, in one transaction; returns what
    was copied. Refuses, changing nothing, a copy in another language (``not_canonical``) and a
    copy that already has a set-up of its own (``already_set_up``): that is the organisers'
    work, never written over, so copying twice copies once."""
    if copy.locale.language_code != default_language():
        raise CopyError(
            _(
                "Only this English version was copied. An event's registration settings, questions and attendance "
                "plan belong to its Arabic page, so they were not copied: copy the Arabic page instead, then "
                "translate the copy."
            ),
            "not_canonical",
        )
    with transaction.atomic():
        EventPage.objects.select_for_update().filter(pk=copy.pk).values_list("pk").first()
        if has_registration_set_up(copy.pk) or has_attendance_set_up(copy.pk) or has_evaluation_set_up(copy.pk):
            raise CopyError(
                _(
                    "This event already has registration settings, an attendance plan or an evaluation form of its "
                    "own: nothing was copied."
                ),
                "already_set_up",
            )
        source_id = source.canonical.pk
        return CopiedSetUp(
            registration=copy_registration_set_up(source_id, copy, by=by),
            attendance=copy_attendance_set_up(source_id, copy, by=by),
            evaluation_questions=copy_evaluation_set_up(source_id, copy),
        )


def copied_events(source, copy):
    """``[(event, its copy)]`` of a copy of page ``source`` as ``copy``: the event itself, or the
    events under an index copied with its subpages. A copied subpage keeps its slug, so each
    copy is found at the same place under ``copy`` as its event under ``source``."""
    pairs = [(source.specific, copy.specific)] if copy.specific_class is EventPage else []
    copies = {page.url_path[len(copy.url_path) :]: page for page in EventPage.objects.descendant_of(copy)}
    if copies:
        for event in EventPage.objects.descendant_of(source).order_by("path"):
            found = copies.get(event.url_path[len(source.url_path) :])
            if found is not None:
                pairs.append((event, found))
    return pairs


@dataclass
class CopyReport:
    """What the copy of a page (an event, or an index with its events) did to its events' set-up."""

    copied: list = field(default_factory=list)
    refused: list = field(default_factory=list)

    def messages(self):
        """``[(level, text)]`` for the admin, in the active language."""
        said = []
        if len(self.copied) == 1:
            items = join(self.copied[0].items())
            if items:
                said.append(_("Copied with its set-up: %(items)s.") % {"items": items})
            else:
                said.append(_("The event had no registration settings, questions or attendance plan to copy."))
        elif number := sum(1 for copied in self.copied if copied):
            said.append(
                ngettext(
                    "%(count)s event was copied with its registration settings, questions and attendance plan.",
                    "%(count)s events were copied with their registration settings, questions and attendance plans.",
                    number,
                )
                % {"count": number}
            )
        if self.copied:
            said.append(
                _(
                    "Registrations, attendance, certificates and the event team were not copied: choose the new "
                    "edition's dates, registration window and team. Desk staff and reporters see people's personal "
                    "data, so each edition's team is chosen again."
                )
            )
        found = [(messages.SUCCESS, " ".join(said))] if said else []
        refusals = dict.fromkeys(str(error) for error in self.refused)
        return found + [(messages.WARNING, text) for text in refusals]


def copy_tree_set_up(source, copy, *, by=None):
    """Copies the set-up of every event of a copy (``copied_events``), each in its own
    transaction, and reports what was copied and what was refused. First, in every language,
    the copy's revisions are made to name the copy's own speakers and materials
    (``own_session_rows``)."""
    report = CopyReport()
    for event, event_copy in copied_events(source, copy):
        own_session_rows(event, event_copy)
        try:
            report.copied.append(copy_set_up(event, event_copy, by=by))
        except CopyError as error:
            report.refused.append(error)
    return report


def own_session_rows(source, copy):
    """Makes the revisions of ``copy`` (a copy of the event ``source``, as Wagtail's Copy left
    it) name the copy's own speakers and materials of its sessions.

    Wagtail's Copy gives the copied sessions new ids in the copied revisions, but not the rows
    under them: the copy's revisions kept naming the speakers and materials of ``source``, and
    publishing the copy from the editor (which starts from the latest revision) moved those rows
    to the copy, taking them off last year's edition. Each is now the id of its own copy (the
    same place under the same session, sessions being matched by their key), or none for a row
    no longer there (publishing then creates it)."""
    ids = {}  # (relation, source row's id) -> its copy's id
    copied = {session.key: session for session in Session.objects.filter(page=copy)}
    relations = {relation.get_accessor_name(): relation.field.name for relation in get_all_child_relations(Session)}
    for session in Session.objects.filter(page=source, key__in=copied):
        for name in relations:
            originals = getattr(session, name).order_by("pk").values_list("pk", flat=True)
            copies = getattr(copied[session.key], name).order_by("pk").values_list("pk", flat=True)
            ids.update({(name, old): new for old, new in zip(originals, copies, strict=False)})
            ids.update({(name, new): new for new in copies})  # a revision made of the copy itself
    with transaction.atomic():
        for revision in copy.revisions.all():
            content = revision.content
            for session in content.get("sessions", []):
                for name, parent in relations.items():
                    for row in session.get(name, []):
                        row["pk"] = ids.get((name, row.get("pk")))
                        row[parent] = session.get("pk")
            revision.content = content
            revision.save(update_fields=["content"])
