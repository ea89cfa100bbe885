from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.forms import ThrottledAuthenticationForm

from .views import activities, care, casework, dashboard, members, reports, volunteers

# The staff workspace, under the "web" namespace; home, login and logout keep their plain names.
staff_patterns = [
    # Retired members
    path("members/", members.member_list, name="member_list"),
    path("members/new/", members.member_create, name="member_create"),
    path("members/<int:pk>/", members.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", members.member_edit, name="member_edit"),
    path("members/<int:pk>/contact/", members.member_contact, name="member_contact"),
    # Volunteers and teams
    path("volunteers/", volunteers.volunteer_list, name="volunteer_list"),
    path("volunteers/new/", volunteers.volunteer_create, name="volunteer_create"),
    path("volunteers/national-export/", reports.national_export, name="national_export"),
    path("volunteers/<int:pk>/", volunteers.volunteer_detail, name="volunteer_detail"),
    path("volunteers/<int:pk>/edit/", volunteers.volunteer_edit, name="volunteer_edit"),
    path("teams/", volunteers.team_list, name="team_list"),
    path("teams/<int:pk>/", volunteers.team_detail, name="team_detail"),
    path("teams/<int:pk>/members/add/", volunteers.team_member_add, name="team_member_add"),
    path("teams/<int:pk>/members/<int:membership_pk>/end/", volunteers.team_member_end, name="team_member_end"),
    # Activities
    path("activities/", activities.activity_list, name="activity_list"),
    path("activities/calendar/", activities.activity_calendar, name="activity_calendar"),
    path("activities/new/", activities.activity_create, name="activity_create"),
    path("activities/series/", activities.series_list, name="series_list"),
    path("activities/series/new/", activities.series_create, name="series_create"),
    path("activities/series/<int:pk>/", activities.series_detail, name="series_detail"),
    path("activities/series/<int:pk>/edit/", activities.series_edit, name="series_edit"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/publish/", activities.activity_publish_view, name="activity_publish"),
    path("activities/<int:pk>/cancel/", activities.activity_cancel_view, name="activity_cancel"),
    path("activities/<int:pk>/signups/add/", activities.signup_add, name="signup_add"),
    path("activities/<int:pk>/signups/<int:signup_pk>/cancel/", activities.signup_cancel_view, name="signup_cancel"),
    path("activities/<int:pk>/checkin/", activities.activity_checkin, name="activity_checkin"),
    path(
        "activities/<int:pk>/checkin/<int:signup_pk>/<str:action>/",
        activities.checkin_toggle,
        name="activity_checkin_toggle",
    ),
    path("activities/<int:pk>/hours/", activities.activity_hours, name="activity_hours"),
    path("activities/<int:pk>/sheet/", activities.activity_sheet, name="activity_sheet"),
    # Care archives and pairs
    path("care/", care.care_list, name="care_list"),
    path("care/new/", care.care_create, name="care_create"),
    path("care/<int:pk>/", care.care_detail, name="care_detail"),
    path("care/<int:pk>/edit/", care.care_edit, name="care_edit"),
    path("care/<int:pk>/pairs/new/", care.pair_create, name="care_pair_create"),
    path("care/pairs/<int:pk>/visit/", care.pair_visit, name="pair_visit"),
    # Casework
    path("requests/", casework.request_board, name="request_board"),
    path("requests/new/", casework.request_create, name="request_create"),
    path("requests/<int:pk>/", casework.request_detail, name="request_detail"),
    path("cases/", casework.case_board, name="case_board"),
    path("cases/new/", casework.case_create, name="case_create"),
    path("cases/<int:pk>/", casework.case_detail, name="case_detail"),
    # Statistics and the "three up, three down" indicators
    path("reports/", reports.reports, name="reports"),
    path("reports/recompute/", reports.reports_recompute, name="reports_recompute"),
    path("reports/indicators/", reports.reports_indicator, name="reports_indicator"),
]

urlpatterns = [
    path("", dashboard.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html",
            redirect_authenticated_user=True,
            authentication_form=ThrottledAuthenticationForm,
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include((staff_patterns, "web"))),
]
