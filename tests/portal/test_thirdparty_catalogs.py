"""The completed third-party catalogs in locale/django/ translate the whole Django admin.

Django ships no Lao catalog and a thin Khmer one, so secretariat staff would otherwise meet
English (or a mix) in /km/admin/ and /lo/admin/. The msgids are read from the English catalogs
of the installed packages, so a Django upgrade that adds strings makes these tests fail until
the new strings are translated.
"""

import re
from pathlib import Path

import django
import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

LANGS = ["km", "lo", "vi"]
DJANGO_DIR = Path(django.__file__).resolve().parent
ADMIN_EN = DJANGO_DIR / "contrib" / "admin" / "locale" / "en" / "LC_MESSAGES"
CATALOGS = Path(settings.BASE_DIR) / "locale" / "django"

# English sources whose every msgid our django.po files must carry, translated.
DJANGO_SOURCES = [
    DJANGO_DIR / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po",
    ADMIN_EN / "django.po",
    *(
        DJANGO_DIR / "contrib" / app / "locale" / "en" / "LC_MESSAGES" / "django.po"
        for app in ("auth", "contenttypes", "sessions", "humanize")
    ),
]

# Strings a translation may legitimately leave as they are (codes, units, names). The admin
# currently needs none: every admin msgid with letters has a native rendering.
IDENTICAL_ALLOWED: set[str] = set()

PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}|<[^>]+>")


def read_catalog(path):
    with open(path, "rb") as f:
        return read_po(f)


def has_letters(text):
    return re.search(r"[A-Za-z]", PLACEHOLDER.sub("", text)) is not None


def admin_messages(domain):
    """(context, singular, plural) for every message of the admin's English catalog."""
    messages = []
    for message in read_catalog(ADMIN_EN / f"{domain}.po"):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            messages.append((message.context, message.id[0], message.id[1]))
        else:
            messages.append((message.context, message.id, None))
    return messages


def untranslated(messages, gettext, ngettext, pgettext, npgettext):
    """English strings that come back unchanged from the active catalog."""
    missing = []
    for context, singular, plural in messages:
        if plural is None:
            pairs = [(singular, pgettext(context, singular) if context else gettext(singular))]
        else:
            pairs = [
                (
                    english,
                    npgettext(context, singular, plural, n)
                    if context
                    else ngettext(singular, plural, n),
                )
                for english, n in ((singular, 1), (plural, 2))
            ]
        missing += [
            english
            for english, result in pairs
            if has_letters(english) and english not in IDENTICAL_ALLOWED and result == english
        ]
    return missing


@pytest.mark.parametrize("lang", LANGS)
def test_every_admin_string_is_translated(lang):
    messages = admin_messages("django")
    assert len(messages) > 150

    with translation.override(lang):
        missing = untranslated(
            messages,
            translation.gettext,
            translation.ngettext,
            translation.pgettext,
            translation.npgettext,
        )

    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_admin_javascript_string_is_translated(lang):
    messages = admin_messages("djangojs")
    assert len(messages) > 50
    # The same catalog JavaScriptCatalog serves to the admin's widgets (calendar, selector).
    catalog = trans_real.DjangoTranslation(lang, domain="djangojs")

    missing = untranslated(
        messages, catalog.gettext, catalog.ngettext, catalog.pgettext, catalog.npgettext
    )

    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_carries_every_django_msgid_translated(lang):
    ours = read_catalog(CATALOGS / lang / "LC_MESSAGES" / "django.po")

    assert ours.num_plurals == 1
    for source in DJANGO_SOURCES:
        for message in read_catalog(source):
            if not message.id:
                continue
            entry = ours.get(message.id, context=message.context)
            assert entry is not None, (source, message.id)
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            assert all(strings), (source, message.id)
            assert not entry.fuzzy, (source, message.id)


def test_our_catalog_wins_over_the_shipped_khmer_one():
    # Django's own km catalog spells Delete "លប់" and calls Home "website"; ours must be used.
    with translation.override("km"):
        assert translation.gettext("Delete") == "លុប"
        assert translation.gettext("Home") == "ទំព័រដើម"
        assert translation.gettext("Log in") == "ចូលប្រព័ន្ធ"


@pytest.mark.parametrize(
    ("lang", "month", "weekday"),
    [("km", "មេសា", "ច័ន្ទ"), ("lo", "ເມສາ", "ວັນຈັນ"), ("vi", "Tháng 4", "Thứ 2")],
)
def test_month_and_day_names(lang, month, weekday):
    with translation.override(lang):
        assert translation.gettext("April") == month
        assert translation.gettext("Monday") == weekday


@pytest.mark.parametrize(
    ("lang", "log_in", "username"),
    [
        ("lo", "ເຂົ້າສູ່ລະບົບ", "ຊື່ຜູ້ໃຊ້"),
        ("km", "ចូលប្រព័ន្ធ", "ឈ្មោះអ្នកប្រើ"),
        ("vi", "Đăng nhập", "Tên đăng nhập"),
    ],
)
def test_admin_login_page_is_in_the_requested_language(client, lang, log_in, username):
    response = client.get(f"/{lang}/admin/login/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert log_in in html
    assert username in html
    assert "Log in" not in html
    assert "Username" not in html
