"""HTML to PDF with real text shaping (WeasyPrint: Pango and HarfBuzz), for printable records.

Khmer and Lao need a shaper: subscript consonants and pre-base vowels are reordered by HarfBuzz,
not by the characters' order. The fonts are the portal's own self-hosted Noto subsets, embedded
in every PDF, and WeasyPrint may read nothing else: `LocalStaticFetcher` serves only the files
found by the static-file finders and refuses every other URL (no network, no arbitrary file).
docs/pdf.md describes the meeting record built on this."""

import hashlib
from functools import cache
from importlib.metadata import version
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.contrib.staticfiles import finders

# Each subset gets a family of its own: the stack below then picks, glyph by glyph, the first
# subset that has it, without relying on unicode-range support.
PDF_FONTS = [
    ("Noto Sans Latin PDF", "noto-sans-latin"),
    ("Noto Sans Latin Ext PDF", "noto-sans-latin-ext"),
    ("Noto Sans Vietnamese PDF", "noto-sans-vietnamese"),
    ("Noto Sans Khmer PDF", "noto-sans-khmer-khmer"),
    ("Noto Sans Lao PDF", "noto-sans-lao-lao"),
]
FONT_STACK = ", ".join(f'"{family}"' for family, _file in PDF_FONTS)

# Part of every cache key: a new renderer (or a change here) must not serve an old file.
RENDERER_VERSION = f"weasyprint-{version('weasyprint')}-1"


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot load here: the Pango libraries it needs are not installed."""


def font_path(stem: str, weight: int) -> Path:
    found = finders.find(f"fonts/{stem}-{weight}-normal.woff2")
    if not found:
        raise FileNotFoundError(f"static font {stem}-{weight} is missing")
    return Path(found).resolve()


def font_face_css() -> str:
    """@font-face rules pointing at the local font files (file: URLs, read by the fetcher)."""
    rules = []
    for family, stem in PDF_FONTS:
        for weight in (400, 700):
            rules.append(
                f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                f'src: url("{font_path(stem, weight).as_uri()}") format("woff2"); }}'
            )
    return "\n".join(rules)


@cache
def _weasyprint():
    # Imported on first use, not with the module: WeasyPrint loads Pango when imported, and a
    # machine without it (a newcomer's, before `make run` installs it) must still serve every
    # other page; only the PDF says what is missing.
    try:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    except OSError as error:
        raise PdfUnavailable(str(error)) from error

    class LocalStaticFetcher(URLFetcher):
        """Serves the portal's static files by their file: URL and refuses everything else."""

        def __init__(self):
            super().__init__(allowed_protocols={"file"}, fail_on_errors=False)
            self.allowed = {font_path(stem, w) for _f, stem in PDF_FONTS for w in (400, 700)}

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
                raise ValueError(f"PDF rendering reads local static files only, not {url}")
            path = Path(unquote(parsed.path)).resolve()
            if path not in self.allowed:
                raise ValueError(f"PDF rendering may not read {url}")
            return URLFetcherResponse(url, body=path.read_bytes(), headers={})

    return weasyprint, FontConfiguration, LocalStaticFetcher


def local_static_fetcher():
    """The URL fetcher every render uses: the portal's own font files, nothing else."""
    return _weasyprint()[2]()


def html_fingerprint(html: str) -> str:
    """What a cached PDF is keyed on: the exact HTML it is rendered from, and the renderer."""
    digest = hashlib.sha256(RENDERER_VERSION.encode())
    digest.update(html.encode())
    return digest.hexdigest()


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML page, with the portal's fonts embedded. The fonts are
    given here, not in the HTML, so the HTML (and its fingerprint) does not depend on where the
    static files sit on this machine."""
    weasyprint, font_configuration, fetcher_class = _weasyprint()
    fetcher = fetcher_class()
    font_config = font_configuration()
    fonts = weasyprint.CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[fonts], font_config=font_config)
