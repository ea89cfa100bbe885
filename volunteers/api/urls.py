from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("volunteers", views.VolunteerViewSet, basename="volunteer")
router.register("teams", views.TeamViewSet, basename="team")
router.register("memberships", views.TeamMembershipViewSet, basename="membership")
router.register("certificates", views.CertificateViewSet, basename="certificate")

urlpatterns = router.urls
