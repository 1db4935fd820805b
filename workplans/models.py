"""Work plans: the multi-year plans, their priority areas by track, activities, and the progress
announced at meetings."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accsm_portal.core.models import (
    Country,
    DatePrecision,
    Document,
    Organisation,
    Record,
    validate_date_precision,
)
from meetings.models import Meeting


class Track(models.TextChoices):
    ACCSM = "accsm", _("ACCSM")
    PLUS_THREE = "plus_three", _("ACCSM+3")


class WorkPlan(Record):
    class Scope(models.TextChoices):
        ACCSM = "accsm", _("ACCSM")
        PLUS_THREE = "plus_three", _("ACCSM+3")
        BOTH = "both", _("ACCSM and ACCSM+3")

    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    scope = models.CharField(_("track"), max_length=12, choices=Scope.choices)
    starts_year = models.PositiveSmallIntegerField(_("first year"))
    ends_year = models.PositiveSmallIntegerField(_("last year"))
    title = models.CharField(_("title"), max_length=255)
    objectives = models.TextField(_("objectives"), blank=True)
    adopted_at = models.ForeignKey(
        Meeting,
        verbose_name=_("adopted at"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_plans_adopted",
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_plans",
    )

    class Meta:
        ordering = ["-starts_year", "scope"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_year__gte=models.F("starts_year")),
                name="work_plan_ends_after_start",
                violation_error_message=_("A work plan cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["scope", "starts_year", "ends_year"],
                name="work_plan_unique_per_track_and_years",
                violation_error_message=_("A work plan for this track and these years exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workplans:detail", kwargs={"slug": self.slug})

    def slug_source(self) -> str:
        return f"{self.scope}-{self.starts_year}-{self.ends_year}"

    def tracks(self) -> list[str]:
        return [Track.ACCSM, Track.PLUS_THREE] if self.scope == self.Scope.BOTH else [self.scope]


class PriorityArea(Record):
    work_plan = models.ForeignKey(
        WorkPlan,
        verbose_name=_("work plan"),
        on_delete=models.CASCADE,
        related_name="priority_areas",
    )
    track = models.CharField(_("track"), max_length=12, choices=Track.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["work_plan", "track", "number"]
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")
        constraints = [
            models.UniqueConstraint(
                fields=["work_plan", "track", "number"],
                name="priority_area_number_unique",
                violation_error_message=_("This work plan already has this priority area."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return f"{self.work_plan.get_absolute_url()}#area-{self.track}-{self.number}"

    def clean(self) -> None:
        if self.work_plan_id and self.track not in self.work_plan.tracks():
            raise ValidationError({"track": _("This track is not part of the work plan.")})


class Activity(Record):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    work_plan = models.ForeignKey(
        WorkPlan, verbose_name=_("work plan"), on_delete=models.PROTECT, related_name="activities"
    )
    priority_area = models.ForeignKey(
        PriorityArea,
        verbose_name=_("priority area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        help_text=_("Leave empty when the sources do not say which area it serves."),
    )
    track = models.CharField(_("track"), max_length=12, choices=Track.choices)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    lead_country = models.ForeignKey(
        Country,
        verbose_name=_("lead country"),
        on_delete=models.PROTECT,
        related_name="activities_led",
    )
    co_lead_countries = models.ManyToManyField(
        Country, verbose_name=_("co-lead countries"), blank=True, related_name="activities_co_led"
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), blank=True, related_name="activities"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    proposed_at = models.ForeignKey(
        Meeting,
        verbose_name=_("proposed at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities_proposed",
    )
    reported_at = models.ManyToManyField(
        Meeting, verbose_name=_("reported at"), blank=True, related_name="activities_reported"
    )
    outputs = models.ManyToManyField(
        Document, verbose_name=_("outputs"), blank=True, related_name="activities"
    )

    # django-simple-history records these relations too, so an edit to them can be undone.
    _history_m2m_fields = ["co_lead_countries", "partners", "reported_at", "outputs"]

    class Meta:
        ordering = ["work_plan", "track", "priority_area__number", "lead_country__name_en", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            # Every column the progress figures count by (work_plan_figures and
            # work_plan_progress_grouped), so the work plan, work plans and home pages count
            # from the index alone: at 100,000 activities 10-20 ms instead of 60-220 ms. Then
            # the lead country and the id: an area's pages sort their keys by them without
            # reading rows (PostgreSQL needs the id in the index, SQLite has it anyway).
            models.Index(
                fields=[
                    "work_plan",
                    "publication_state",
                    "track",
                    "priority_area",
                    "status",
                    "lead_country",
                    "id",
                ],
                name="activity_progress_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="activity_planned_end_after_start",
                violation_error_message=_("The planned end cannot be before the planned start."),
            ),
            models.CheckConstraint(
                condition=models.Q(actual_end__isnull=True)
                | models.Q(actual_start__isnull=True)
                | models.Q(actual_end__gte=models.F("actual_start")),
                name="activity_actual_end_after_start",
                violation_error_message=_("The actual end cannot be before the actual start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workplans:activity", kwargs={"slug": self.slug})

    def slug_source(self) -> str:
        return self.title_en or super().slug_source()

    def clean(self) -> None:
        errors = {}
        if self.lead_country_id and not self.lead_country.is_member_state:
            errors["lead_country"] = _("The lead country of an activity must be a member state.")
        if self.priority_area_id:
            if self.work_plan_id and self.priority_area.work_plan_id != self.work_plan_id:
                errors["priority_area"] = _("The priority area belongs to another work plan.")
            elif self.priority_area.track != self.track:
                errors["priority_area"] = _("The priority area belongs to the other track.")
        if self.work_plan_id and self.track not in self.work_plan.tracks():
            errors["track"] = _("This track is not part of the work plan.")
        if errors:
            raise ValidationError(errors)
        validate_date_precision(
            self.date_precision,
            planned_start=self.planned_start,
            planned_end=self.planned_end,
            actual_start=self.actual_start,
            actual_end=self.actual_end,
        )

    def validate_co_leads(self, countries) -> None:
        """Co-leads are member states; Plus Three countries may co-lead ACCSM+3 activities."""
        allowed = {Country.Standing.MEMBER_STATE}
        if self.track == Track.PLUS_THREE:
            allowed.add(Country.Standing.PLUS_THREE)
        refused = [str(c) for c in countries if c.standing not in allowed]
        if refused:
            raise ValidationError(
                {
                    "co_lead_countries": _(
                        "These countries cannot co-lead this activity: %(countries)s. "
                        "Co-leads are member states, and Plus Three countries for ACCSM+3 "
                        "activities only."
                    )
                    % {"countries": ", ".join(refused)}
                }
            )


class ProgressReport(Record):
    """Progress as announced at a meeting ("5 completed, 10 planned"), kept beside the progress
    computed from the activities."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("reported at"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    work_plan = models.ForeignKey(
        WorkPlan,
        verbose_name=_("work plan"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    track = models.CharField(_("track"), max_length=12, choices=Track.choices)
    priority_area = models.ForeignKey(
        PriorityArea,
        verbose_name=_("priority area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_reports",
    )
    label = models.CharField(
        _("area as reported"),
        max_length=255,
        blank=True,
        help_text=_("The area as the meeting named it, when it does not match one exactly."),
    )
    completed = models.PositiveSmallIntegerField(_("activities completed"))
    planned = models.PositiveSmallIntegerField(_("activities planned"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["meeting", "track", "pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.meeting}: {self.completed}/{self.planned}"

    def clean(self) -> None:
        if self.priority_area_id and self.priority_area.work_plan_id != self.work_plan_id:
            raise ValidationError(
                {"priority_area": _("The priority area belongs to another work plan.")}
            )
