from django.urls import path

from accsm_portal.search import views

app_name = "search"

urlpatterns = [path("", views.results, name="results")]
