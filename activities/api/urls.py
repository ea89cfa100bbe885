from django.urls import re_path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("service-types", views.ServiceTypeViewSet, basename="service-type")
router.register("series", views.ActivitySeriesViewSet, basename="series")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("public/activities", views.PublicActivityViewSet, basename="public-activity")
router.register("signups", views.SignUpViewSet, basename="signup")
router.register("service-records", views.ServiceRecordViewSet, basename="service-record")

urlpatterns = [
    # A volunteer's ledger, next to /volunteers/{id}/hours/ (served here: the ledger is this app's).
    re_path(
        r"^volunteers/(?P<volunteer_id>\d{1,18})/records/$",
        views.VolunteerRecordsView.as_view(),
        name="volunteer-records",
    ),
    *router.urls,
]
