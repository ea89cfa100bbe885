from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    # Volunteer self-service (/me/...) and the public pages (certificate check, calendar feed).
    path("", include("portal.urls")),
    # The staff workspace, the landing page and login.
    path("", include("web.urls")),
]
