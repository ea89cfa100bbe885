from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    # OpenAPI 3 schema and Swagger UI (assets from drf-spectacular-sidecar, no CDN).
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # Volunteer self-service (/me/...) and the public pages (certificate check, calendar feed).
    path("", include("portal.urls")),
    # The staff workspace, the landing page and login.
    path("", include("web.urls")),
]
