"""/api/v1/: each app contributes its routes in <app>/api/urls.py."""

from django.urls import include, path, re_path

from community.api.views import ApiNotFoundView, TokenView
from volunteers.api.views import MeView

urlpatterns = [
    # POST username + password -> token; DELETE revokes it.
    path("auth/token/", TokenView.as_view(), name="api-token"),
    # The signed-in user: role, scope, own volunteer record.
    path("me/", MeView.as_view(), name="api-me"),
    path("", include("community.api.urls")),
    path("", include("members.api.urls")),
    path("", include("volunteers.api.urls")),
    path("", include("activities.api.urls")),
    path("", include("casework.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("reports.api.urls")),
    # Last: an unknown path answers 404 in the API's JSON error shape.
    re_path(r"", ApiNotFoundView.as_view()),
]
