"""Attendance: one record per registration and slot, its history, and each event's plan.

A slot is a day of the event or one of its sessions, as the event's plan says (see
events/attendance/slots.py). Records belong to the canonical (default-language) event, like
registrations, so both language versions share them.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class SlotUnit(models.TextChoices):
    DAY = "day", _("Each day of the event")
    SESSION = "session", _("Each session of the agenda")


class CompletionRule(models.TextChoices):
    NONE = "", _("No certificates")
    PERCENT = "percent", _("At least a share of the slots (%)")
    SLOTS = "slots", _("At least a number of slots")
    HOURS = "hours", _("At least a number of hours")


class MembershipTrigger(models.TextChoices):
    ATTENDING = "attending", _("Attending")
    REGISTERING = "registering", _("Registering (confirmed)")


class Method(models.TextChoices):
    SCAN = "scan", _("Ticket scanned")
    REFERENCE = "reference", _("Reference typed")
    NAME = "name", _("Found by name")
    ONLINE = "online", _("Online-meeting report")
    SHEET = "sheet", _("Signed sheet")
    BULK = "bulk", _("Marked by staff")
    WALK_IN = "walk_in", _("Walk-in at the desk")


class AttendancePlan(models.Model):
    """How an event takes attendance and who completes it."""

    event = models.OneToOneField(
        "events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="attendance_plan"
    )
    unit = models.CharField(_("attendance is taken for"), max_length=10, choices=SlotUnit.choices, default=SlotUnit.DAY)
    minimum_minutes = models.PositiveIntegerField(
        _("minutes online to count as present"),
        default=0,
        help_text=_("For online-meeting reports. 0 counts anyone who joined."),
    )
    completion_rule = models.CharField(
        _("completion rule"), max_length=10, choices=CompletionRule.choices, blank=True, default=""
    )
    completion_value = models.PositiveIntegerField(
        _("completion threshold"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10_000)],
        help_text=_("The share in %, the number of slots or the number of hours, as the rule says."),
    )
    networks = models.ManyToManyField(
        "network.Network",
        verbose_name=_("networks"),
        blank=True,
        related_name="+",
        help_text=_("People who take part become members of these networks."),
    )
    membership_trigger = models.CharField(
        _("members join by"), max_length=12, choices=MembershipTrigger.choices, default=MembershipTrigger.ATTENDING
    )
    signatory = models.CharField(_("certificate signatory (English)"), max_length=255, blank=True)
    signatory_ar = models.CharField(_("certificate signatory (Arabic)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attendance plan")
        verbose_name_plural = _("attendance plans")

    def __str__(self):
        return str(self.event.title) if self.event_id else str(_("attendance plan"))


class Attendance(models.Model):
    """A registration's presence in one slot: at most one, however often it is recorded."""

    registration = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    event = models.ForeignKey("events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="+")
    slot = models.CharField(_("slot"), max_length=40)
    at = models.DateTimeField(_("checked in at"))
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    minutes = models.PositiveIntegerField(_("minutes present"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The desk's own identifier of an offline scan, so a scan sent twice is applied once.
    client_key = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["registration", "slot"], name="one_attendance_per_slot")]
        indexes = [models.Index(fields=["event", "slot"], name="attendance_event_slot")]

    def __str__(self):
        return f"{self.registration_id} @ {self.slot}"


class AttendanceChange(models.Model):
    """Every check-in and every undo, with who did it: the record itself keeps only the present."""

    class Action(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        UNDONE = "undone", _("Undone")

    registration = models.ForeignKey(
        "registrations.Registration", on_delete=models.CASCADE, related_name="attendance_history"
    )
    slot = models.CharField(_("slot"), max_length=40)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices, blank=True)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.registration_id} @ {self.slot}: {self.action}"


class Certificate(models.Model):
    """A completion certificate. The code is what the verification page is found by; issuing
    again for the same registration issues nothing new."""

    registration = models.OneToOneField(
        "registrations.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="certificate",
    )
    code = models.CharField(_("verification code"), max_length=16, unique=True, editable=False)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What the certificate states, fixed when it is issued.
    slots_attended = models.PositiveIntegerField(_("slots attended"), default=0)
    slots_total = models.PositiveIntegerField(_("slots in the event"), default=0)
    minutes = models.PositiveIntegerField(_("minutes attended"), default=0)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_reason = models.CharField(_("reason for revoking"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["issued_at", "pk"]

    def __str__(self):
        return self.code

    @property
    def is_revoked(self):
        return self.revoked_at is not None


class MeetingReportUploadQuerySet(models.QuerySet):
    def shown(self):
        """Without the kept file (up to 5 MB each), and with ``awaiting_columns``: whether the
        upload waits for its organiser to choose its columns."""
        waiting = models.ExpressionWrapper(models.Q(content__isnull=False), output_field=models.BooleanField())
        return self.defer("content").annotate(awaiting_columns=waiting)


class MeetingReportUpload(models.Model):
    """An online-meeting report an organiser uploaded, between the preview and the confirmation:
    what was read from it and how its rows were matched. Nothing is recorded until it is
    applied (``applied_at``).

    A file whose columns Multaqa could not recognise waits first for its organiser to say what
    they hold: until then it keeps the file itself (``content``) and no rows; once they are
    chosen the file is read, its rows kept and the file dropped."""

    event = models.ForeignKey("events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=32, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    tool = models.CharField(_("meeting tool"), max_length=20, blank=True)
    slot = models.CharField(_("slot"), max_length=40, blank=True)
    rows = models.JSONField(_("rows"), default=list, blank=True)
    content = models.BinaryField(_("file"), null=True, blank=True, editable=False)  # until its columns are chosen
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    objects = MeetingReportUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("online-meeting report")
        verbose_name_plural = _("online-meeting reports")

    def __str__(self):
        return self.filename or self.key


class PrintJob(models.Model):
    """A long file drawn by a background task — a PDF of many pages (badges, a sign-in sheet,
    certificates) or a long attendee list; staff watch its progress and download it when it
    is done."""

    class Kind(models.TextChoices):
        BADGES = "badges", _("Badges")
        SHEET = "sheet", _("Sign-in sheet")
        CERTIFICATES = "certificates", _("Certificates")
        EXPORT = "export", _("Attendee list")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Drawing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey("events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=32, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    options = models.JSONField(_("options"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    content = models.BinaryField(_("file"), null=True, blank=True, editable=False)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("print job")
        verbose_name_plural = _("print jobs")

    def __str__(self):
        return self.filename or self.key


class ExportChoice(models.Model):
    """The columns an event's organisers chose for its attendee list, in their order: the next
    export of the event starts from them."""

    event = models.OneToOneField(
        "events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="+"
    )
    columns = models.JSONField(_("columns"), default=list)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attendee list columns")
        verbose_name_plural = _("attendee list columns")

    def __str__(self):
        return str(self.event_id)
