"""/api/v1/: each app contributes its routes in <app>/api/urls.py."""

from django.urls import include, path

urlpatterns = [
    path("", include("community.api.urls")),
    path("", include("members.api.urls")),
    path("", include("volunteers.api.urls")),
    path("", include("activities.api.urls")),
    path("", include("casework.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("reports.api.urls")),
]
