"""The portal's search page: /<language>/search/?q=&type=&language=&year=."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from accsm_portal.search.forms import SearchForm
from accsm_portal.search.registry import BY_KEY
from accsm_portal.search.selectors import (
    language_order,
    ranked_type_counts,
    search_hits,
    search_ranked,
    search_type_counts,
)

PAGE_SIZE = 20


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    context: dict = {"form": form, "page": None, "hits": [], "type_counts": []}
    status = 200
    if not form.is_valid():
        status = 400
    elif form.cleaned_data["q"] is not None:
        data = form.cleaned_data
        query = data["q"]
        reader_language = get_language()
        filters = {
            "user": request.user,
            "language": data["language"] or None,
            "year": data["year"],
        }
        record_types = [data["type"]] if data["type"] else None
        ranked = search_ranked(
            query, reader_language=reader_language, record_types=record_types, **filters
        )
        page = Paginator(ranked, PAGE_SIZE).get_page(request.GET.get("page"))
        context["page"] = page
        context["capped"] = ranked.capped
        context["hits"] = search_hits(
            page.object_list,
            query,
            order=language_order(filters["language"] or reader_language),
            reader_language=reader_language,
            user=request.user,
        )
        # How many records of each type match, for the type filter (whatever type is chosen).
        # Past the cap the counts are unknown: every type is offered, without a count, rather
        # than a type that matches being left out or a count being wrong.
        if record_types is None:
            by_type, types_capped = ranked_type_counts(ranked)
        else:
            by_type, types_capped = search_type_counts(query, **filters)
        context["type_counts"] = [
            {"key": key, "label": kind.label_plural, "count": by_type.get(key)}
            for key, kind in BY_KEY.items()
            if types_capped or key in by_type
        ]
        context["types_capped"] = types_capped
        # The filters, without the page, for the pagination and type links.
        params = request.GET.copy()
        params.pop("page", None)
        context["query_string"] = params.urlencode()
        params.pop("type", None)
        context["query_string_without_type"] = params.urlencode()
    return render(request, "search/results.html", context, status=status)
