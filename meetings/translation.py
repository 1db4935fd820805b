from modeltranslation.translator import TranslationOptions

from accsm_portal.lib.i18n import register_translated
from meetings.models import (
    ActionItem,
    AgendaItem,
    ChairmanshipCycle,
    Delegation,
    DelegationMember,
    Handover,
    Meeting,
    Outcome,
    Series,
)


@register_translated(Series)
class SeriesTranslationOptions(TranslationOptions):
    fields = ("name", "acronym", "description")


@register_translated(ChairmanshipCycle)
class ChairmanshipCycleTranslationOptions(TranslationOptions):
    fields = ("note",)


@register_translated(Meeting)
class MeetingTranslationOptions(TranslationOptions):
    fields = ("title", "date_note", "city", "attendance_note", "summary")


@register_translated(Handover)
class HandoverTranslationOptions(TranslationOptions):
    fields = ("note",)


@register_translated(AgendaItem)
class AgendaItemTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register_translated(Delegation)
class DelegationTranslationOptions(TranslationOptions):
    fields = ("note",)


@register_translated(DelegationMember)
class DelegationMemberTranslationOptions(TranslationOptions):
    fields = ("role",)


@register_translated(Outcome)
class OutcomeTranslationOptions(TranslationOptions):
    fields = ("text",)


@register_translated(ActionItem)
class ActionItemTranslationOptions(TranslationOptions):
    fields = ("text", "due_note")
