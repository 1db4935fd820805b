"""Every translated model reads in the reader's language and falls back to the original."""

import pytest
from django.apps import apps
from django.utils import translation

from accsm_portal.lib.i18n import (
    all_translations,
    language_order,
    missing_languages,
    translated,
    translated_fields,
)
from tests import factories

pytestmark = pytest.mark.django_db

FACTORIES = {
    f._meta.model: f
    for f in vars(factories).values()
    if isinstance(f, type)
    and issubclass(f, factories.DjangoModelFactory)
    and getattr(f._meta, "model", None) is not None
}
TRANSLATED_MODELS = sorted(
    (
        m
        for m in apps.get_models()
        if translated_fields(m) and not m.__name__.startswith("Historical")
    ),
    key=lambda m: m._meta.label,
)


def test_every_translated_model_has_a_factory():
    # A citation has no language of its own: its note is written beside a source.
    missing = [m._meta.label for m in TRANSLATED_MODELS if m not in FACTORIES]
    assert missing == ["core.Citation"]


@pytest.mark.parametrize("model", [m for m in TRANSLATED_MODELS if m in FACTORIES], ids=str)
def test_a_khmer_record_read_in_lao_shows_the_khmer_original_and_says_so(model):
    field = translated_fields(model)[0]
    record = FACTORIES[model](
        original_language="km", **{f"{field}_en": "English text", f"{field}_km": "អត្ថបទខ្មែរ"}
    )

    served = translated(record, field, "lo")

    assert served.value == "អត្ថបទខ្មែរ"
    assert served.language == "km"
    assert served.is_fallback
    assert translated(record, field, "en").value == "English text"
    assert not translated(record, field, "km").is_fallback
    assert all_translations(record, field) == {
        "en": "English text",
        "km": "អត្ថបទខ្មែរ",
        "lo": None,
        "vi": None,
    }


def test_fallback_order_is_requested_then_original_then_english():
    assert language_order("vi", "lo") == ["vi", "lo", "en", "km"]
    assert language_order("en", "km") == ["en", "km", "lo", "vi"]


def test_the_active_language_is_used_when_none_is_given():
    record = factories.PersonFactory(name_en="Yok Bunna", name_km="យក់ ប៊ុនណា")

    with translation.override("km"):
        assert str(translated(record, "name")) == "យក់ ប៊ុនណា"
        assert record.name == "យក់ ប៊ុនណា"


def test_missing_languages_lists_where_translators_are_needed():
    record = factories.PersonFactory(
        name_en="Yok Bunna", name_km="យក់ ប៊ុនណា", honorific_en="H.E.", honorific_km="ឯកឧត្តម"
    )

    assert missing_languages(record) == ["lo", "vi"]
