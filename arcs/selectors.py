"""Reads of the ASEAN Resource Centres and their theme history; published only."""

from django.db.models import Prefetch, QuerySet

from arcs.models import ResourceCentre, SelfAssessment, ThemePeriod


def theme_period_list_public() -> QuerySet[ThemePeriod]:
    return ThemePeriod.objects.published().select_related("source").order_by("starts_on")


def resource_centre_list_public() -> QuerySet[ResourceCentre]:
    """ARCs in ASEAN protocol order, each with its theme history oldest first."""
    return (
        ResourceCentre.objects.published()
        .select_related("country", "host_organisation", "established_at")
        .prefetch_related(
            Prefetch("theme_periods", queryset=theme_period_list_public()),
            Prefetch(
                "self_assessments",
                queryset=SelfAssessment.objects.published().order_by("-year"),
            ),
        )
        .order_by("country__name_en", "name_en")
    )
