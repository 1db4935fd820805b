from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers


class SnippetSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="Plain text around the first match.")
    html = serializers.CharField(
        help_text="The same text, HTML-escaped, with each match inside <mark></mark>."
    )
    highlights = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2),
        help_text="[start, end) offsets of each match in `text`.",
    )


# A hit as the API shows it: the schema, and the reference for `hit_data`, which writes the same
# dict without DRF (tests/search/test_api.py compares them). No docstring: it would be the
# schema's description.
class SearchHitSerializer(serializers.Serializer):
    type = serializers.CharField(source="record_type")
    type_label = serializers.CharField()
    uid = serializers.UUIDField()
    slug = serializers.CharField(allow_null=True)
    title = serializers.CharField(source="title.value")
    title_language = serializers.CharField(source="title.language")
    title_is_fallback = serializers.BooleanField(source="title.is_fallback")
    portal_url = serializers.SerializerMethodField()
    matched_language = serializers.CharField(source="language")
    title_matched = serializers.BooleanField()
    snippet = serializers.SerializerMethodField()

    def get_portal_url(self, hit) -> str | None:
        request = self.context.get("request")
        if hit.url is None:
            return None
        return request.build_absolute_uri(hit.url) if request else hit.url

    def get_snippet(self, hit) -> dict | None:
        if hit.snippet is None:
            return None
        return {
            "text": hit.snippet.text,
            "html": str(hit.snippet.html),
            "highlights": [list(span) for span in hit.snippet.highlights],
        }


# The list answer is one page object, not an array: many=False stops drf-spectacular from
# describing a list action's answer as an array of it.
@extend_schema_serializer(many=False)
class SearchPageSerializer(serializers.Serializer):
    """A page of search hits, as SearchViewSet.list returns it (schema only)."""

    count = serializers.IntegerField()
    count_capped = serializers.BooleanField(
        help_text="True when `count` is a lower bound (the ranking cap was reached)."
    )
    count_text = serializers.CharField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchHitSerializer(many=True)


def hit_data(hit, absolute_uri) -> dict:
    """SearchHitSerializer(hit).data as a plain dict, for the answer's orjson renderer.

    A page of hits is built on every search request: DRF's fields (bound per serializer,
    each value fetched by its `source` path and converted on its own) cost about a millisecond
    for 20 hits, a tenth of what the rest of the page costs. `absolute_uri` is the request's
    build_absolute_uri."""
    snippet = hit.snippet
    title = hit.title
    return {
        "type": hit.record_type,
        "type_label": str(hit.type_label),
        "uid": str(hit.uid),
        "slug": None if hit.slug is None else str(hit.slug),
        "title": str(title.value),
        "title_language": str(title.language),
        "title_is_fallback": bool(title.is_fallback),
        "portal_url": None if hit.url is None else absolute_uri(hit.url),
        "matched_language": hit.language,
        "title_matched": hit.title_matched,
        "snippet": None
        if snippet is None
        else {
            "text": snippet.text,
            "html": str(snippet.html),
            "highlights": [list(span) for span in snippet.highlights],
        },
    }
