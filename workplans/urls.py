"""Portal pages for work plans and their activities, namespace "workplans"."""

from django.urls import path

from workplans import views

app_name = "workplans"

urlpatterns = [
    path("", views.work_plan_list, name="list"),
    path("activities/<slug:slug>/", views.activity_detail, name="activity"),
    path("<slug:slug>/", views.work_plan_detail, name="detail"),
    path("<slug:slug>/activities/", views.work_plan_activities, name="activities"),
    path("<slug:slug>/activities.xlsx", views.work_plan_activities_xlsx, name="activities_xlsx"),
]
