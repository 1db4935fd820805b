from modeltranslation.translator import TranslationOptions

from accsm_portal.core.models import (
    Citation,
    Country,
    Document,
    Organisation,
    Person,
    Position,
    Source,
)
from accsm_portal.lib.i18n import register_translated


@register_translated(Country)
class CountryTranslationOptions(TranslationOptions):
    fields = ("name",)


@register_translated(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name", "acronym")


@register_translated(Person)
class PersonTranslationOptions(TranslationOptions):
    fields = ("name", "honorific")


@register_translated(Position)
class PositionTranslationOptions(TranslationOptions):
    fields = ("title",)


@register_translated(Source)
class SourceTranslationOptions(TranslationOptions):
    # `text` is the verbatim original and is never translated; the summary is.
    fields = ("title", "summary")


@register_translated(Citation)
class CitationTranslationOptions(TranslationOptions):
    fields = ("note",)


@register_translated(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title", "summary")
