"""The search form, shared by the portal page and the API endpoint so both validate alike."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accsm_portal.lib.search import MAX_QUERY_LENGTH, ParsedQuery, QueryError, parse_query
from accsm_portal.search.registry import TYPES

FIRST_YEAR = 1967  # ASEAN's founding; no record is older.
LAST_YEAR = 2100


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        strip=True,
        help_text=_("Words in English, Khmer, Lao or Vietnamese; accents are optional."),
    )
    type = forms.ChoiceField(
        label=_("Record type"),
        required=False,
        choices=lambda: [("", _("All record types")), *[(t.key, t.label_plural) for t in TYPES]],
    )
    language = forms.ChoiceField(
        label=_("Language of the text"),
        required=False,
        choices=[("", _("All languages")), *settings.LANGUAGES],
    )
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )

    def clean_q(self) -> ParsedQuery | None:
        text = self.cleaned_data["q"]
        if not text:
            return None
        try:
            return parse_query(text)
        except QueryError as exc:
            raise ValidationError(exc.message, code=exc.code) from exc
