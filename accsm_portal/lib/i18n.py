"""Reading translated fields with the portal's language rules.

A reader asking for a language the record lacks sees the record's original language, then
English, then any language that has text, and is told which language was served. Templates and
the API both go through `translated()`, so the rule is written once.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from modeltranslation.translator import NotRegistered, TranslationOptions, translator

LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)


def register_translated(model: type[models.Model]) -> Callable:
    """Register a model's translated fields, and its history model's, so that history keeps and
    restores every language column (django-simple-history builds its model before
    modeltranslation adds the columns)."""

    def decorator(options: type[TranslationOptions]) -> type[TranslationOptions]:
        translator.register(model, options)
        history = getattr(model, "history", None)
        if history is not None:
            translator.register(history.model, options)
            _restore_language_columns(history.model)
        return options

    return decorator


def _restore_language_columns(history_model: type[models.Model]) -> None:
    """Make a history entry's `instance` (used by restore and by the admin's revert) carry every
    language column: django-simple-history lists the fields to copy when it builds the history
    model, before modeltranslation adds the columns, and would bring back one language only."""
    columns = [
        field.name
        for fields in translator.get_options_for_model(history_model).all_fields.values()
        for field in fields
    ]
    build_instance = history_model.instance.fget

    def instance(self):
        result = build_instance(self)
        for column in columns:
            setattr(result, column, getattr(self, column))
        return result

    history_model.instance = property(instance)


def translated_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The names of a model's translated fields (title, summary, ...)."""
    try:
        return tuple(translator.get_options_for_model(model).all_fields.keys())
    except NotRegistered:
        return ()


@dataclass(frozen=True)
class Translated:
    """A translated field's text in one language, and whether it is a fallback."""

    value: str
    language: str
    requested: str

    @property
    def is_fallback(self) -> bool:
        return bool(self.value) and self.language != self.requested

    def __str__(self) -> str:
        return self.value


def language_order(requested: str, original: str | None) -> list[str]:
    order = [requested]
    for code in (original, settings.LANGUAGE_CODE, *LANGUAGE_CODES):
        if code and code not in order:
            order.append(code)
    return order


def translated(obj: models.Model, field: str, language: str | None = None) -> Translated:
    """The text of `field` in `language` (default: the active one), falling back by the rule."""
    requested = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    original = getattr(obj, "original_language", None)
    for code in language_order(requested, original):
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            return Translated(value=value, language=code, requested=requested)
    return Translated(value="", language=requested, requested=requested)


def all_translations(obj: models.Model, field: str) -> dict[str, str | None]:
    """Every language of a translated field, with missing ones as None (for mirrors)."""
    return {code: (getattr(obj, f"{field}_{code}", None) or None) for code in LANGUAGE_CODES}


def missing_languages(obj: models.Model) -> list[str]:
    """Languages in which some translated field that has text elsewhere is still empty."""
    missing = []
    for code in LANGUAGE_CODES:
        for field in translated_fields(type(obj)):
            values = all_translations(obj, field)
            if any(values.values()) and not values[code]:
                missing.append(code)
                break
    return missing
