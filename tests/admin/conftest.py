import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_urls():
    """reverse() builds /<language>/ URLs from the active language, which an earlier request to
    /km/ leaves behind; each test starts in English and asks for other languages explicitly."""
    with translation.override("en"):
        yield
