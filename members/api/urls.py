from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("members", views.MemberViewSet, basename="member")
router.register("party-posts", views.PartyPostViewSet, basename="party-post")
router.register("contact-logs", views.ContactLogViewSet, basename="contact-log")
router.register("care-archives", views.CareArchiveViewSet, basename="care-archive")
router.register("pairs", views.PairViewSet, basename="pair")
router.register("pair-visits", views.PairVisitViewSet, basename="pair-visit")
router.register("studios", views.StudioViewSet, basename="studio")

urlpatterns = router.urls
