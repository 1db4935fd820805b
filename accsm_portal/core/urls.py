"""Portal pages for the shared reference records: documents, sources, delegate sign-in.

(Member-state pages read every app, so they live in accsm_portal/views.py.)

Each group is its own URLconf with its own namespace, included from accsm_portal/urls.py.
"""

from django.urls import path

from accsm_portal.core import views

# The document detail page ("documents:detail") also shows the meetings where a document was
# discussed and adopted, which core cannot read: accsm_portal/urls.py adds it to these.
documents_patterns = [
    path("", views.document_list, name="list"),
    path("<slug:slug>/files/<str:language>/", views.document_file, name="file"),
]

sources_patterns = (
    [
        path("<slug:slug>/", views.source_detail, name="detail"),
    ],
    "sources",
)

accounts_patterns = (
    [
        path("login/", views.DelegateLoginView.as_view(), name="login"),
        path("logout/", views.DelegateLogoutView.as_view(), name="logout"),
        path("two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
        path("two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    ],
    "accounts",
)
