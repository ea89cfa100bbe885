from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("districts", views.DistrictViewSet, basename="district")
router.register("streets", views.StreetViewSet, basename="street")
router.register("communities", views.CommunityViewSet, basename="community")
router.register("compounds", views.CompoundViewSet, basename="compound")
router.register("grids", views.GridViewSet, basename="grid")
router.register("buildings", views.BuildingViewSet, basename="building")
router.register("party-organizations", views.PartyOrganizationViewSet, basename="party-organization")
router.register("sites", views.SiteViewSet, basename="site")

urlpatterns = router.urls
