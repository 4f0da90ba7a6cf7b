"""The organisers' reason for declining or cancelling a registration, as the participant is
told it: the email quotes it, their registration's page shows it whole, My events shortened
(with a link to the whole). Only ever what an organiser typed for the participant
(``StatusChange.reason``), never the notes kept for the organisers (``StatusChange.note``)."""

from dataclasses import dataclass

from events.registrations.models import RegistrationStatus, StatusChange

# The statuses an organiser may give a reason for.
WITH_REASON = {RegistrationStatus.DECLINED, RegistrationStatus.CANCELLED}

# My events shows this many characters of a longer reason (of REASON_MAX_LENGTH).
SHORT_LENGTH = 160


@dataclass(frozen=True)
class Reason:
    text: str

    def __str__(self):
        return self.text

    @property
    def shortened(self):
        return len(self.text) > SHORT_LENGTH

    @property
    def short(self):
        """The reason on one line, cut after a whole word with "…" when it is longer than
        ``SHORT_LENGTH``."""
        flat = " ".join(self.text.split())
        if len(flat) <= SHORT_LENGTH:
            return flat
        cut = flat[: SHORT_LENGTH + 1]
        cut = cut.rsplit(" ", 1)[0] if " " in cut else cut[:SHORT_LENGTH]
        return cut.rstrip(" ,.;:،؛") + "…"


def organisers_reasons(registrations, status=None):
    """``{registration id: Reason}`` of those of ``registrations`` an organiser gave a reason
    for: the reason typed the last time each became ``status`` (its current status when
    ``None``: declined or cancelled). One query whatever their number, none when no
    registration is declined or cancelled."""
    wanted = {registration.pk: status or registration.status for registration in registrations}
    wanted = {pk: wanted_status for pk, wanted_status in wanted.items() if wanted_status in WITH_REASON}
    if not wanted:
        return {}
    latest = {}
    changes = (
        StatusChange.objects.filter(registration_id__in=wanted, to_status__in=set(wanted.values()))
        .order_by("-at", "-pk")
        .values_list("registration_id", "to_status", "reason")
    )
    for registration_id, to_status, reason in changes:
        if to_status == wanted[registration_id]:
            latest.setdefault(registration_id, reason)
    return {pk: Reason(reason) for pk, reason in latest.items() if reason}


def organisers_reason(registration, status=None):
    """The ``Reason`` of ``registration`` (see ``organisers_reasons``), or ``None``."""
    return organisers_reasons([registration], status).get(registration.pk)
