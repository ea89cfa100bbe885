"""Who may open which page of the staff workspace.

Scoping itself (which rows a user sees) is `Model.objects.visible_to(user)`; these decorators
only keep whole pages away from roles that have no business there.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _

from community.scoping import Role

PAGE_SIZE = 25


def is_staff(user) -> bool:
    """Street and community staff and platform admins: rosters, care archives, casework."""
    return bool(user.is_authenticated and user.is_staff_role)


def is_manager(user) -> bool:
    """Staff, and team leaders who run their teams' activities."""
    return is_staff(user) or (user.is_authenticated and user.role == Role.TEAM_LEADER)


def staff_required(view):
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not is_staff(request.user):
            raise PermissionDenied(_("This page is for community and street staff."))
        return view(request, *args, **kwargs)

    return wrapper


def manager_required(view):
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not is_manager(request.user):
            raise PermissionDenied(_("This page is for staff and team leaders."))
        return view(request, *args, **kwargs)

    return wrapper


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE):
    """The requested page; a page number that is not a number or too large gives a valid page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def sorted_by(request: HttpRequest, queryset, allowed: dict[str, tuple[str, ...]], default: str):
    """Order by the `sort` parameter if it names an allowed column ("-x" reverses), else the default."""
    key = request.GET.get("sort", "") or default
    name = key.lstrip("-")
    if name not in allowed:
        key, name = default, default.lstrip("-")
    fields = allowed[name]
    if key.startswith("-"):
        fields = tuple(f[1:] if f.startswith("-") else f"-{f}" for f in fields)
    return queryset.order_by(*fields)


def search_text(request: HttpRequest, name: str = "q") -> str:
    """A search box's text as the database may take it: no NUL characters (PostgreSQL refuses
    them with an error), trimmed, at most 100 characters."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:100]


def posted_id(request: HttpRequest, name: str) -> int | None:
    """An id sent in a form, or None when it is not a whole number a database id can be."""
    raw = request.POST.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) <= 18 else None


def wants_export(request: HttpRequest) -> bool:
    return request.GET.get("export") == "xlsx"


def safe_next(request: HttpRequest, default: str) -> str:
    """Where to go after a form: the `next` the page passed, if it points into this site."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def done(request: HttpRequest, url: str):
    """Finish a successful form: an htmx request is told to load `url`, a normal one redirected."""
    from django.http import HttpResponse
    from django.shortcuts import redirect

    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def form_errors_from(form, error) -> None:
    """Put a service's ValidationError onto the form, by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
