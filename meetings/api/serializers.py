"""Representations of meetings with their agenda, delegations, outcomes, action items and
handovers. The nested parts are listed in accsm_portal/sync.py (SYNC_PARENTS) so that a change
to any of them moves the meeting's `updated_at`: keep the two in step."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accsm_portal.lib.api import ApiUrlField, FallbacksField, PartialDateField, TranslatedField
from accsm_portal.lib.api_serializers import (
    MEETING,
    ActivityRefSerializer,
    ChildSerializer,
    CountryRefSerializer,
    DocumentRefSerializer,
    MeetingRefSerializer,
    OrganisationRefSerializer,
    PersonRefSerializer,
    PriorityAreaRefSerializer,
    RecordSerializer,
    RefSerializer,
    detail,
)
from meetings.models import (
    ActionItem,
    AgendaItem,
    Delegation,
    DelegationMember,
    Handover,
    Meeting,
    Outcome,
)

COMMON = RecordSerializer.COMMON_FIELDS


class SeriesRefSerializer(RefSerializer):
    slug = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    name = TranslatedField()
    acronym = TranslatedField()
    fallbacks = FallbacksField()


class CycleRefSerializer(RefSerializer):
    number = serializers.IntegerField(read_only=True)
    starts_year = serializers.IntegerField(read_only=True, allow_null=True)
    ends_year = serializers.IntegerField(read_only=True, allow_null=True)
    chair_country = CountryRefSerializer(read_only=True, allow_null=True)


class AgendaItemSerializer(ChildSerializer):
    title = TranslatedField()
    description = TranslatedField()
    documents = DocumentRefSerializer(many=True, read_only=True)
    priority_areas = PriorityAreaRefSerializer(many=True, read_only=True)

    class Meta(ChildSerializer.Meta):
        model = AgendaItem
        fields = ("id", "order", "title", "description", "documents", "priority_areas", "fallbacks")


class DelegationMemberSerializer(ChildSerializer):
    person = PersonRefSerializer(read_only=True, allow_null=True)
    role = TranslatedField()

    class Meta(ChildSerializer.Meta):
        model = DelegationMember
        fields = ("id", "order", "person", "role", "fallbacks")


class DelegationSerializer(ChildSerializer):
    country = CountryRefSerializer(read_only=True, allow_null=True)
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    head = PersonRefSerializer(read_only=True, allow_null=True)
    note = TranslatedField()
    members = DelegationMemberSerializer(many=True, read_only=True)

    class Meta(ChildSerializer.Meta):
        model = Delegation
        fields = (
            "id",
            "country",
            "organisation",
            "head",
            "size",
            "women",
            "note",
            "members",
            "fallbacks",
        )


class ActionItemSerializer(ChildSerializer):
    text = TranslatedField()
    responsible = OrganisationRefSerializer(read_only=True, allow_null=True)
    due_note = TranslatedField()

    class Meta(ChildSerializer.Meta):
        model = ActionItem
        fields = (
            "id",
            "text",
            "responsible",
            "due_on",
            "due_is_inferred",
            "due_note",
            "status",
            "completed_on",
            "fallbacks",
        )


class OutcomeSerializer(ChildSerializer):
    text = TranslatedField()
    documents = DocumentRefSerializer(many=True, read_only=True)
    activities = ActivityRefSerializer(many=True, read_only=True)
    action_items = ActionItemSerializer(many=True, read_only=True)

    class Meta(ChildSerializer.Meta):
        model = Outcome
        fields = (
            "id",
            "kind",
            "order",
            "text",
            "documents",
            "activities",
            "action_items",
            "fallbacks",
        )


class HandoverSerializer(ChildSerializer):
    from_cycle = CycleRefSerializer(read_only=True, allow_null=True)
    to_cycle = CycleRefSerializer(read_only=True, allow_null=True)
    note = TranslatedField()

    class Meta(ChildSerializer.Meta):
        model = Handover
        fields = ("id", "from_cycle", "to_cycle", "note", "fallbacks")


@extend_schema_field(
    {
        "type": "object",
        "description": "The PDF meeting record in each language (absolute portal URLs).",
        "properties": {
            code: {"type": "string", "format": "uri"} for code in ("en", "km", "lo", "vi")
        },
    }
)
class RecordPdfField(serializers.Field):
    """The portal's PDF meeting record in every language: a partner picks the one it needs,
    whatever language the response is in. The PDF follows the reader's own access rights."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, meeting: Meeting) -> dict[str, str]:
        request = self.context.get("request")
        links = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                path = reverse("meetings:record_pdf", kwargs={"slug": meeting.slug})
            links[language] = request.build_absolute_uri(path) if request is not None else path
        return links


class MeetingSerializer(RecordSerializer):
    url = ApiUrlField(detail(MEETING))
    title = TranslatedField()
    summary = TranslatedField()
    series = SeriesRefSerializer(read_only=True, allow_null=True)
    cycle = CycleRefSerializer(read_only=True, allow_null=True)
    starts_on = PartialDateField("date_precision")
    ends_on = PartialDateField("date_precision")
    date_note = TranslatedField()
    host_country = CountryRefSerializer(read_only=True, allow_null=True)
    host_organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    city = TranslatedField()
    chair = PersonRefSerializer(read_only=True, allow_null=True)
    attendance_note = TranslatedField()
    parent = MeetingRefSerializer(read_only=True, allow_null=True)
    previous = MeetingRefSerializer(read_only=True, allow_null=True)
    parts = MeetingRefSerializer(many=True, read_only=True)
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)
    delegations = DelegationSerializer(many=True, read_only=True)
    outcomes = OutcomeSerializer(many=True, read_only=True)
    handovers = HandoverSerializer(many=True, read_only=True)
    record_pdf = RecordPdfField()

    class Meta(RecordSerializer.Meta):
        model = Meeting
        fields = (
            "id",
            "slug",
            "url",
            "portal_url",
            "title",
            "summary",
            "series",
            "cycle",
            "kind",
            "number",
            "starts_on",
            "ends_on",
            "date_precision",
            "date_is_inferred",
            "date_note",
            "mode",
            "status",
            "host_country",
            "host_organisation",
            "city",
            "chair",
            "attendance",
            "attendance_note",
            "parent",
            "previous",
            "parts",
            "agenda",
            "delegations",
            "outcomes",
            "handovers",
            "record_pdf",
            *COMMON,
        )
