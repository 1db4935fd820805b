"""ASEAN Resource Centres: one or more per member state, with their themes over time and
self-assessments."""

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
    Source,
    validate_date_precision,
)
from meetings.models import Meeting


class ResourceCentre(Record):
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        related_name="resource_centres",
    )
    name = models.CharField(_("name"), max_length=255)
    host_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resource_centres",
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    established_precision = models.CharField(
        _("establishment date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.YEAR,
    )
    established_at = models.ForeignKey(
        Meeting,
        verbose_name=_("established at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resource_centres_established",
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["country__name_en", "name_en"]
        verbose_name = _("ASEAN Resource Centre")
        verbose_name_plural = _("ASEAN Resource Centres")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("arcs:detail", kwargs={"slug": self.slug})

    def slug_source(self) -> str:
        return f"arc-{self.country.code}" if self.country_id else super().slug_source()

    def clean(self) -> None:
        if self.country_id and not self.country.is_member_state:
            raise ValidationError({"country": _("ARCs belong to ASEAN member states.")})
        validate_date_precision(self.established_precision, established_on=self.established_on)

    def current_theme(self):
        return self.theme_periods.order_by("-starts_on").first()


class ThemePeriod(Record):
    """The theme an ARC held between two dates; a revision adds a period, never overwrites one.

    Sources that name a theme differently for the same time are kept as separate periods only
    when their dates do not overlap; otherwise record the other wording in `note`."""

    centre = models.ForeignKey(
        ResourceCentre,
        verbose_name=_("ARC"),
        on_delete=models.CASCADE,
        related_name="theme_periods",
    )
    theme = models.CharField(_("theme"), max_length=500)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Empty while the theme is current.")
    )
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.MONTH,
    )
    as_stated = models.CharField(
        _("dating as stated"),
        max_length=255,
        blank=True,
        help_text=_('How the source dates the theme, e.g. "as of May 2017".'),
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="theme_periods",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["centre", "starts_on"]
        verbose_name = _("theme period")
        verbose_name_plural = _("theme periods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="theme_period_ends_after_start",
                violation_error_message=_("A theme period cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["centre", "starts_on"],
                name="theme_period_one_start_per_centre",
                violation_error_message=_("This ARC already has a theme starting on this date."),
            ),
        ]

    def __str__(self) -> str:
        return self.theme

    def overlapping(self):
        """Other periods of the same ARC that share at least one day with this one."""
        others = ThemePeriod.objects.filter(centre_id=self.centre_id).exclude(pk=self.pk)
        if self.ends_on is not None:
            others = others.filter(starts_on__lte=self.ends_on)
        return others.filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=self.starts_on))

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A theme period cannot end before it starts.")})
        if self.centre_id and self.starts_on:
            clash = self.overlapping().first()
            if clash is not None:
                raise ValidationError(
                    _(
                        "This period overlaps the theme “%(theme)s” of the same ARC "
                        "(from %(starts)s). Close that period first."
                    )
                    % {"theme": clash.theme, "starts": clash.starts_on.isoformat()}
                )
        validate_date_precision(self.date_precision, starts_on=self.starts_on)


class SelfAssessment(Record):
    centre = models.ForeignKey(
        ResourceCentre,
        verbose_name=_("ARC"),
        on_delete=models.CASCADE,
        related_name="self_assessments",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    summary = models.TextField(_("summary"), blank=True)
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="self_assessments",
    )

    class Meta:
        ordering = ["centre", "-year"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "year"],
                name="self_assessment_once_a_year",
                violation_error_message=_("This ARC already has a self-assessment for this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.centre} {self.year}"
