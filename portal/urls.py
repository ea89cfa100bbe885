"""Volunteer self-service on the phone (/me/...), the public pages (certificate check,
calendar feed, QR check-in), and the few printable staff pages that belong to them."""

from django.urls import path

from .views import me, public, staff

app_name = "portal"

urlpatterns = [
    # The volunteer's own pages.
    path("me/", me.home, name="home"),
    path("me/login/", me.VolunteerLoginView.as_view(), name="login"),
    path("me/logout/", me.VolunteerLogoutView.as_view(), name="logout"),
    path("me/password/", me.VolunteerPasswordChangeView.as_view(), name="password_change"),
    path("me/schedule/", me.schedule, name="schedule"),
    path("me/activities/", me.activity_list, name="activity_list"),
    path("me/activities/<int:pk>/", me.activity_detail, name="activity_detail"),
    path("me/activities/<int:pk>/signup/", me.signup_confirm, name="signup"),
    path("me/activities/<int:pk>/cancel/", me.cancel_confirm, name="cancel"),
    path("me/record/", me.record, name="record"),
    path("me/calendar/", me.calendar, name="calendar"),
    path("me/certificates/", me.certificate_list, name="certificate_list"),
    path("me/certificates/<int:pk>/", me.certificate_detail, name="certificate_detail"),
    path("me/certificates/<int:pk>/pdf/", me.certificate_pdf, name="certificate_pdf"),
    path("me/inbox/", me.inbox, name="inbox"),
    path("me/inbox/<int:pk>/read/", me.inbox_read, name="inbox_read"),
    path("me/inbox/read-all/", me.inbox_read_all, name="inbox_read_all"),
    # Public: no login (the secret is in the address or is the code itself).
    path("verify/", public.verify, name="verify"),
    path("verify/<str:code>/", public.verify_code, name="verify_code"),
    path("feed/<str:token>.ics", public.calendar_feed, name="calendar_feed"),
    # The QR code on site leads here; it asks the volunteer to log in first.
    path("checkin/<str:token>/", me.checkin, name="checkin"),
    # Staff and team leaders: printable pages linked from the staff UI.
    path("portal/staff/activities/<int:pk>/qr/", staff.activity_qr, name="activity_qr"),
    path(
        "portal/staff/volunteers/<int:pk>/password/",
        staff.volunteer_reset_password,
        name="volunteer_reset_password",
    ),
    path("portal/staff/volunteers/<int:pk>/certificate/", staff.certificate_issue, name="certificate_issue"),
]
