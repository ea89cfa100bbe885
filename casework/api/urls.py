from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("requests", views.ResidentRequestViewSet, basename="resident-request")
router.register("mediation-cases", views.MediationCaseViewSet, basename="mediation-case")

urlpatterns = router.urls
