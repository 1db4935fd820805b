"""The names of the query parameters every endpoint shares, and the page-size limits."""

LANG_PARAM = "lang"
TRANSLATIONS_PARAM = "translations"
FORMAT_PARAM = "format"
CURSOR_PARAM = "cursor"
PAGE_SIZE_PARAM = "page_size"
ORDERING_PARAM = "ordering"
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
