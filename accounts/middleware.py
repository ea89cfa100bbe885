from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class ForcePasswordChangeMiddleware:
    """After logging in with a temporary password from a first-login slip, the person goes
    to the password page until they have chosen their own. The API is left alone: token
    clients cannot show a page."""

    ALLOWED_PREFIXES = ("/static/", "/i18n/", "/api/", "/accounts/logout/", "/me/logout/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            target = reverse("portal:password_change")
            if request.path != target and not request.path.startswith(self.ALLOWED_PREFIXES):
                messages.info(request, _("Please choose your own password before you go on."))
                return redirect(target)
        return self.get_response(request)
