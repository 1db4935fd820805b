"""Meetings: series, chairmanship cycles and handovers, meetings with their agenda, delegations,
outcomes and action items."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accsm_portal.core.models import (
    Country,
    Document,
    Organisation,
    PartialDateMixin,
    Person,
    Record,
    RecordManager,
    RecordQuerySet,
)


class Series(Record):
    class Kind(models.TextChoices):
        ACCSM = "accsm", _("ACCSM")
        ACCSM_PLUS_THREE = "accsm_plus_three", _("ACCSM+3")
        ASEAN_SUMMIT = "asean_summit", _("ASEAN Summit")
        NATIONAL = "national", _("National body")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("convened by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_series",
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_series",
        help_text=_("For a national body; empty for ASEAN series."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self) -> str:
        return self.name

    def slug_source(self) -> str:
        return self.acronym_en or self.name_en or super().slug_source()


class ChairmanshipCycle(Record):
    """A numbered chairmanship ("ACCSM 21"), held by one country for about two years."""

    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.PROTECT, related_name="cycles"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    chair_country = models.ForeignKey(
        Country,
        verbose_name=_("chair country"),
        on_delete=models.PROTECT,
        related_name="chairmanships",
    )
    chair_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("chair organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chairmanships",
    )
    starts_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    ends_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["series", "number"]
        verbose_name = _("chairmanship cycle")
        verbose_name_plural = _("chairmanship cycles")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "number"],
                name="cycle_number_unique_in_series",
                violation_error_message=_("This series already has a cycle with this number."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_year__isnull=True)
                | models.Q(starts_year__isnull=True)
                | models.Q(ends_year__gte=models.F("starts_year")),
                name="cycle_ends_after_start",
                violation_error_message=_("A cycle cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series.acronym or self.series.name} {self.number}"


class StartYear(models.Func):
    """The year of a date, computed by the database alone: Django's own year functions on
    SQLite call back into Python for every row (8 ms for the 2,000 meetings of a year filter)."""

    template = "CAST(EXTRACT(YEAR FROM %(expressions)s) AS integer)"
    output_field = models.IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite keeps a date as its ISO text, YYYY-MM-DD.
        return super().as_sql(
            compiler,
            connection,
            template="CAST(substr(%(expressions)s, 1, 4) AS integer)",
            **extra_context,
        )


class MeetingQuerySet(RecordQuerySet):
    def for_year(self, year: int):
        return self.filter(starts_on__year=year)

    def start_years(self) -> list[int]:
        """The years in which these meetings start, newest first."""
        return list(
            self.filter(starts_on__isnull=False)
            .annotate(year=StartYear("starts_on"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )


class Meeting(PartialDateMixin, Record):
    class Kind(models.TextChoices):
        PREPARATORY = "preparatory", _("Preparatory meeting")
        SOM = "som", _("Senior Officials' Meeting")
        PREPARATORY_AND_SOM = "preparatory_som", _("Preparatory meeting and SOM")
        HEADS = "heads", _("Heads of Civil Service meeting")
        SOM_AND_HEADS = "som_heads", _("SOM and Heads of Civil Service meeting")
        PLUS_THREE_SOM = "plus_three_som", _("ACCSM+3 Senior Officials' Meeting")
        PLUS_THREE_HEADS = "plus_three_heads", _("ACCSM+3 Heads meeting")
        PLUS_THREE_CONFERENCE = "plus_three_conference", _("ASEAN+3 conference")
        CONFERENCE = "conference", _("Conference")
        INFORMAL = "informal", _("Informal meeting")
        WORKING_GROUP = "working_group", _("Working group meeting")
        SUMMIT = "summit", _("Summit")
        OTHER = "other", _("Other")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("Video conference")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.PROTECT, related_name="meetings"
    )
    cycle = models.ForeignKey(
        ChairmanshipCycle,
        verbose_name=_("chairmanship cycle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_('The "21" of "the 21st ACCSM".')
    )
    title = models.CharField(_("title"), max_length=500)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    date_note = models.TextField(
        _("date note"), blank=True, help_text=_("How an inferred or partial date was established.")
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    host_country = models.ForeignKey(
        Country,
        verbose_name=_("host country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
    )
    host_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    chair = models.ForeignKey(
        Person,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_meetings",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.HELD
    )
    attendance = models.PositiveIntegerField(_("approximate attendance"), null=True, blank=True)
    attendance_note = models.CharField(
        _("attendance note"),
        max_length=255,
        blank=True,
        help_text=_('As the source puts it, e.g. "nearly 100 delegates".'),
    )
    summary = models.TextField(_("summary"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("follows"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_by",
    )

    objects = RecordManager.from_queryset(MeetingQuerySet)()

    class Meta:
        ordering = ["-starts_on", "series", "kind"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="meeting_ends_on_or_after_start",
                violation_error_message=_("A meeting must end on or after the day it starts."),
            ),
            models.UniqueConstraint(
                fields=["series", "kind", "number", "starts_on"],
                name="meeting_unique_per_series_kind_number_date",
                violation_error_message=_(
                    "This series already has a meeting of this kind and number on this date."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["starts_on"]),
            # What the meetings list filters, sorts and offers as choices (years, hosts): its
            # page keys, year and host choices read this narrow index instead of every row
            # with its summaries in four languages.
            models.Index(
                fields=["publication_state", "starts_on", "series", "kind", "host_country"],
                name="meeting_list_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", kwargs={"slug": self.slug})

    def slug_source(self) -> str:
        parts = [self.series.acronym_en if self.series_id else "", str(self.number or "")]
        parts += [self.kind, self.starts_on.isoformat() if self.starts_on else ""]
        return "-".join(p for p in parts if p)

    def clean(self) -> None:
        errors = {}
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A meeting must end on or after the day it starts.")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("A meeting cannot be part of itself.")
        if self.previous_id and self.previous_id == self.pk:
            errors["previous"] = _("A meeting cannot follow itself.")
        if self.cycle_id and self.series_id and self.cycle.series_id != self.series_id:
            errors["cycle"] = _("The chairmanship cycle belongs to another series.")
        if errors:
            raise ValidationError(errors)
        self.validate_precision(starts_on=self.starts_on, ends_on=self.ends_on)


class Handover(Record):
    """The chair passing from one cycle's chair to the next, as a record of its own."""

    from_cycle = models.ForeignKey(
        ChairmanshipCycle,
        verbose_name=_("from cycle"),
        on_delete=models.PROTECT,
        related_name="handovers_out",
    )
    to_cycle = models.ForeignKey(
        ChairmanshipCycle,
        verbose_name=_("to cycle"),
        on_delete=models.PROTECT,
        related_name="handovers_in",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("at meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handovers",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["from_cycle__number"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            models.UniqueConstraint(
                fields=["from_cycle", "to_cycle"],
                name="handover_once",
                violation_error_message=_("This handover is already recorded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_cycle} → {self.to_cycle}"

    def clean(self) -> None:
        if self.from_cycle_id and self.from_cycle_id == self.to_cycle_id:
            raise ValidationError({"to_cycle": _("A cycle cannot hand over to itself.")})


class AgendaItem(Record):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    documents = models.ManyToManyField(
        Document, verbose_name=_("documents discussed"), blank=True, related_name="agenda_items"
    )
    priority_areas = models.ManyToManyField(
        "workplans.PriorityArea",
        verbose_name=_("priority areas discussed"),
        blank=True,
        related_name="agenda_items",
    )

    # django-simple-history records these relations too, so an edit to them can be undone.
    _history_m2m_fields = ["documents", "priority_areas"]

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Delegation(Record):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="delegations"
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
    )
    head = models.ForeignKey(
        Person,
        verbose_name=_("head of delegation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations_led",
    )
    size = models.PositiveSmallIntegerField(_("size"), null=True, blank=True)
    women = models.PositiveSmallIntegerField(_("women"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["meeting", "country__name_en", "pk"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(women__isnull=True)
                | models.Q(size__isnull=True)
                | models.Q(women__lte=models.F("size")),
                name="delegation_women_within_size",
                violation_error_message=_(
                    "The number of women cannot exceed the size of the delegation."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(country__isnull=False) | models.Q(organisation__isnull=False),
                name="delegation_of_country_or_organisation",
                violation_error_message=_("A delegation represents a country or an organisation."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.country or self.organisation)

    @property
    def women_share(self) -> float | None:
        if not self.size or self.women is None:
            return None
        return self.women / self.size


class DelegationMember(Record):
    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="delegation_memberships",
    )
    role = models.CharField(_("role in the delegation"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        ordering = ["delegation", "order", "pk"]
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "person"],
                name="delegation_member_once",
                violation_error_message=_("This person is already in the delegation."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.role})" if self.role else str(self.person)


class Outcome(Record):
    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        ADOPTION = "adoption", _("Adoption")
        AGREEMENT = "agreement", _("Agreement")
        RECOMMENDATION = "recommendation", _("Recommendation")
        PROPOSAL = "proposal", _("Proposal")
        DISCUSSION = "discussion", _("Discussion")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(_("text"))
    documents = models.ManyToManyField(
        Document,
        verbose_name=_("documents adopted or concerned"),
        blank=True,
        related_name="outcomes",
    )
    activities = models.ManyToManyField(
        "workplans.Activity",
        verbose_name=_("activities concerned"),
        blank=True,
        related_name="outcomes",
    )

    # django-simple-history records these relations too, so an edit to them can be undone.
    _history_m2m_fields = ["documents", "activities"]

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class ActionItem(Record):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    outcome = models.ForeignKey(
        Outcome, verbose_name=_("outcome"), on_delete=models.CASCADE, related_name="action_items"
    )
    text = models.TextField(_("action"))
    responsible = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    due_is_inferred = models.BooleanField(_("due date is inferred"), default=False)
    due_note = models.CharField(
        _("due date as stated"),
        max_length=255,
        blank=True,
        help_text=_('As the source puts it, e.g. "within two weeks".'),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["outcome", "due_on", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True) | models.Q(status="done"),
                name="action_item_completed_only_when_done",
                violation_error_message=_("Only a done action item has a completion date."),
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def meeting(self) -> Meeting:
        return self.outcome.meeting


class ActionItemReminder(models.Model):
    """An e-mail sent about an action item to one responsible person, once per threshold."""

    class Kind(models.TextChoices):
        DUE = "due", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    action_item = models.ForeignKey(
        ActionItem,
        verbose_name=_("action item"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="action_item_reminders",
    )
    kind = models.CharField(_("reminder"), max_length=8, choices=Kind.choices)
    due_on = models.DateField(_("due on"))
    language = models.CharField(_("language"), max_length=2)
    email = models.EmailField(_("sent to"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action_item", "sent_at", "pk"]
        verbose_name = _("action item reminder")
        verbose_name_plural = _("action item reminders")
        constraints = [
            # Once per threshold: the beat task may run twice, or late, and never sends again.
            # A new due date is a new threshold (the reminder names the date it was about).
            models.UniqueConstraint(
                fields=["action_item", "recipient", "kind", "due_on"],
                name="reminder_once_per_threshold",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.action_item} → {self.email}"


class OverdueDigest(models.Model):
    """The weekly list of overdue action items sent to the secretariat, once per week."""

    week_of = models.DateField(_("week of"), unique=True)
    item_count = models.PositiveIntegerField(_("overdue action items"))
    recipients = models.TextField(_("sent to"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-week_of"]
        verbose_name = _("overdue digest")
        verbose_name_plural = _("overdue digests")

    def __str__(self) -> str:
        return str(self.week_of)
