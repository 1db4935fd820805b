"""Portal pages for the ASEAN Resource Centres, namespace "arcs"."""

from django.urls import path

from arcs import views

app_name = "arcs"

urlpatterns = [
    path("", views.resource_centre_list, name="list"),
    path("export.xlsx", views.resource_centre_list_xlsx, name="list_xlsx"),
    path("<slug:slug>/", views.resource_centre_detail, name="detail"),
]
