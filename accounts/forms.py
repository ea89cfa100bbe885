"""The login form every web login uses (staff and volunteers), throttled against guessing."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def _keys(username: str, request) -> list[str]:
    name = (username or "").strip().lower()
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    # Per name and address (a guesser), and per name alone with a higher limit (a guesser who
    # changes address), so one person's typos never lock out another.
    return [f"login-fail:{name}:{address}", f"login-fail:{name}"]


def login_blocked(username: str, request) -> bool:
    per_address, per_name = _keys(username, request)
    limit = settings.LOGIN_FAILURE_LIMIT
    return (cache.get(per_address) or 0) >= limit or (cache.get(per_name) or 0) >= limit * 5


def login_failed(username: str, request) -> None:
    for key in _keys(username, request):
        cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_succeeded(username: str, request) -> None:
    cache.delete_many(_keys(username, request)[:1])


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing further tries for a while after repeated failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong username/phone or password. Please try again."),
        "throttled": _(
            "Too many wrong passwords. Please wait {minutes} minutes, or ask your community staff to reset your password."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if login_blocked(username, self.request):
            raise ValidationError(
                str(self.error_messages["throttled"]).format(minutes=settings.LOGIN_FAILURE_WINDOW_SECONDS // 60),
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            login_failed(username, self.request)
            raise
        login_succeeded(username, self.request)
        return cleaned
