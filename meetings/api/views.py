"""Read-only endpoints of meetings: JSON, CSV and an iCalendar feed; published only."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response

from accsm_portal.lib.api import (
    CSVRenderer,
    FastJSONRenderer,
    RecordViewSet,
    absolute_portal_url,
)
from meetings.api.calendar import meeting_calendar
from meetings.api.filters import MeetingFilterSet
from meetings.api.serializers import MeetingSerializer
from meetings.models import Meeting
from meetings.selectors import meeting_detail_public


class ICalendarRenderer(BaseRenderer):
    """Passes through the feed that the view built (meetings/api/calendar.py)."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None):
        return data


@extend_schema_view(
    list=extend_schema(
        summary="List meetings",
        description="Meetings with their agenda, delegations, outcomes and action items. "
        "`?format=ics` (or meetings.ics) gives the matching meetings as an iCalendar feed.",
        tags=["meetings"],
    ),
    retrieve=extend_schema(summary="Read a meeting with all its parts", tags=["meetings"]),
)
class MeetingViewSet(RecordViewSet):
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    lookup_field = "slug"
    renderer_classes = [FastJSONRenderer, CSVRenderer, ICalendarRenderer]
    ordering_options = {
        **RecordViewSet.ordering_options,
        "starts_on": (("starts_on", False),),
        "-starts_on": (("starts_on", True),),
    }

    def get_queryset(self) -> QuerySet[Meeting]:
        return (
            meeting_detail_public(self.request.user)
            .select_related("previous", "cycle__chair_country")
            .prefetch_related(
                # Loaded with the records so that their visibility is checked without a query.
                "agenda_items__priority_areas__work_plan",
                "outcomes__activities__work_plan",
            )
        )

    def is_calendar(self) -> bool:
        return getattr(self.request.accepted_renderer, "format", None) == ICalendarRenderer.format

    def calendar_response(self, meetings: Any) -> Response:
        feed = meeting_calendar(
            meetings,
            language=self.request.api_language,
            portal_url=lambda meeting: absolute_portal_url(self.request, meeting),
        )
        return Response(feed, content_type="text/calendar; charset=utf-8")

    def render_list(self, queryset: QuerySet) -> Response:
        if self.is_calendar():
            # A subscribed calendar reads one document: the whole (filtered) list, without the
            # nested parts the feed does not show.
            return self.calendar_response(
                queryset.prefetch_related(None).order_by("starts_on", "uid")
            )
        return super().render_list(queryset)

    def render_object(self, obj: Meeting) -> Response:
        if self.is_calendar():
            return self.calendar_response([obj])
        return super().render_object(obj)
