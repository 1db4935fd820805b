"""Portal pages for meetings, mounted under each language prefix as namespace "meetings"."""

from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("calendar/", views.meeting_calendar, name="calendar"),
    path("export.xlsx", views.meeting_list_xlsx, name="list_xlsx"),
    path("<slug:slug>/", views.meeting_detail, name="detail"),
    path("<slug:slug>/record.pdf", views.meeting_record_pdf, name="record_pdf"),
]
