from rest_framework.routers import SimpleRouter

from .views import CommunityIndicatorViewSet, MonthlyStatisticViewSet

router = SimpleRouter()
router.register("statistics/monthly", MonthlyStatisticViewSet, basename="monthly-statistic")
router.register("community-indicators", CommunityIndicatorViewSet, basename="community-indicator")

urlpatterns = router.urls
