"""Query parameters of the reference-record lists (docs/api.md lists them)."""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from accsm_portal.core.models import Country, Document, Organisation, Person, Position, Source
from accsm_portal.core.selectors import country_list_public, organisation_list_public
from accsm_portal.lib.api import IntegerFilter, RecordChoiceFilter, RecordFilterSet, choice_filter


def country_filter(**kwargs) -> RecordChoiceFilter:
    return RecordChoiceFilter(
        selector=country_list_public, to_field_name="code", uppercase=True, **kwargs
    )


def organisation_filter(**kwargs) -> RecordChoiceFilter:
    return RecordChoiceFilter(selector=organisation_list_public, **kwargs)


class CountryFilterSet(RecordFilterSet):
    standing = choice_filter(Country.Standing.choices, "standing", _("Standing in ACCSM."))

    class Meta:
        model = Country
        fields = ["standing"]


class OrganisationFilterSet(RecordFilterSet):
    kind = choice_filter(Organisation.Kind.choices, "kind", _("Kind of organisation."))
    country = country_filter(help_text=_("ISO 3166 code of the country."))
    parent = organisation_filter(help_text=_("Slug of the organisation it is part of."))

    class Meta:
        model = Organisation
        fields = ["kind", "country", "parent"]


class PersonFilterSet(RecordFilterSet):
    organisation = organisation_filter(
        method="filter_organisation",
        help_text=_("Slug of an organisation the person held a published position in."),
    )

    class Meta:
        model = Person
        fields = ["organisation"]

    def filter_organisation(self, queryset: QuerySet, name: str, value: Organisation) -> QuerySet:
        positions = Position.objects.published().filter(person=OuterRef("pk"), organisation=value)
        return queryset.filter(Exists(positions))


class DocumentFilterSet(RecordFilterSet):
    kind = choice_filter(Document.Kind.choices, "kind", _("Kind of document."))
    status = choice_filter(Document.Status.choices, "status", _("Status of the document."))
    access = choice_filter(Document.Access.choices, "access", _("Access level."))
    year = IntegerFilter(
        field_name="dated__year", min_value=1000, max_value=2999, help_text=_("Year of the date.")
    )
    author = organisation_filter(help_text=_("Slug of the organisation that prepared it."))
    initiated_by = country_filter(help_text=_("ISO 3166 code of the initiating country."))

    class Meta:
        model = Document
        fields = ["kind", "status", "access", "year", "author", "initiated_by"]


class SourceFilterSet(RecordFilterSet):
    language = choice_filter(
        Source._meta.get_field("language").choices, "language", _("Language of the text.")
    )
    publisher = organisation_filter(help_text=_("Slug of the publisher."))
    year = IntegerFilter(
        field_name="published_on__year",
        min_value=1000,
        max_value=2999,
        help_text=_("Year of publication."),
    )

    class Meta:
        model = Source
        fields = ["language", "publisher", "year"]
