"""Resident requests and mediation cases: boards by status, and one page per record where it
is assigned and closed with its outcome (casework.services holds the rules)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from casework import services
from casework.models import MediationCase, ResidentRequest

from ..exports import Masker, xlsx_response
from ..filters import CaseFilter, RequestFilter
from ..forms import (
    CaseAssignForm,
    CaseCloseForm,
    CaseForm,
    CloseForm,
    RequestAssignForm,
    RequestCompleteForm,
    RequestForm,
)
from .access import form_errors_from, staff_required

# How many finished records a board shows; the export has them all.
BOARD_DONE_LIMIT = 20


def _board(queryset, columns, done_statuses):
    """Columns of the board: open statuses in full, finished ones latest first and capped."""
    board = []
    for status, label in columns:
        items = queryset.filter(status__in=status if isinstance(status, tuple) else (status,))
        count = items.count()
        if (status if isinstance(status, tuple) else (status,))[0] in done_statuses:
            items = items[:BOARD_DONE_LIMIT]
        board.append({"status": status, "label": label, "items": list(items), "count": count})
    return board


# --- Resident requests ------------------------------------------------------------------------------------


@staff_required
def request_board(request):
    queryset = ResidentRequest.objects.visible_to(request.user).select_related(
        "community", "assigned_user", "assigned_volunteer"
    )
    filterset = RequestFilter(request.GET, queryset=queryset, request=request)
    if request.GET.get("export") == "xlsx":
        mask = Masker(request.user)
        columns = [
            (_("Kind"), lambda r: r.get_kind_display()),
            (_("Title"), lambda r: r.title),
            (_("Community"), lambda r: r.community.name),
            (_("Raised by"), lambda r: r.requester_name),
            (_("Phone"), lambda r: mask.phone(r.requester_phone)),
            (_("Raised on"), lambda r: r.raised_on),
            (_("Status"), lambda r: r.get_status_display()),
            (_("Assigned staff"), lambda r: str(r.assigned_user) if r.assigned_user_id else ""),
            (_("Assigned volunteer"), lambda r: r.assigned_volunteer.name if r.assigned_volunteer_id else ""),
            (_("Done on"), lambda r: r.done_on),
            (_("What was done"), lambda r: r.result),
            (_("Resident's feedback"), lambda r: r.feedback),
            (_("Satisfaction"), lambda r: r.satisfaction),
        ]
        return xlsx_response(
            title=_("Resident requests"),
            columns=columns,
            rows=filterset.qs.iterator(chunk_size=2000),
            filename=_("requests"),
        )
    S = ResidentRequest.Status
    board = _board(
        filterset.qs.order_by("raised_on", "pk"),
        [(S.RAISED, S.RAISED.label), (S.ASSIGNED, S.ASSIGNED.label)],
        done_statuses=(),
    )
    board += _board(
        filterset.qs.order_by("-done_on", "-pk"),
        [(S.DONE, S.DONE.label), (S.CLOSED, S.CLOSED.label)],
        done_statuses=(S.DONE, S.CLOSED),
    )
    return render(request, "web/casework/request_board.html", {"filter": filterset, "board": board})


@staff_required
def request_create(request):
    form = RequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        item = form.save()
        messages.success(request, _("The request “{title}” was recorded.").format(title=item.title))
        return redirect("web:request_detail", pk=item.pk)
    return render(
        request,
        "web/casework/form.html",
        {"form": form, "title": _("Record a resident request"), "back": "web:request_board"},
    )


@staff_required
def request_detail(request, pk: int):
    item = get_object_or_404(
        ResidentRequest.objects.visible_to(request.user).select_related(
            "community", "assigned_user", "assigned_volunteer", "member", "care_archive"
        ),
        pk=pk,
    )
    action = request.POST.get("action") if request.method == "POST" else None
    staff = services.assignable_staff(item.community)
    volunteers = services.assignable_volunteers(item.community)
    assign = RequestAssignForm(
        request.POST if action == "assign" else None,
        staff_choices=staff,
        volunteer_choices=volunteers,
        initial={
            "assigned_user": item.assigned_user_id or request.user.pk,
            "assigned_volunteer": item.assigned_volunteer_id,
        },
    )
    complete = RequestCompleteForm(request.POST if action == "complete" else None)
    close = CloseForm(request.POST if action == "close" else None)
    forms = {"assign": assign, "complete": complete, "close": close}
    if action in forms and forms[action].is_valid():
        form = forms[action]
        try:
            if action == "assign":
                services.request_assign(request=item, by_user=request.user, **form.cleaned_data)
                messages.success(request, _("The request was assigned."))
            elif action == "complete":
                services.request_complete(request=item, by_user=request.user, **form.cleaned_data)
                messages.success(request, _("The request is done."))
            else:
                services.request_close(request=item, by_user=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("The request was closed."))
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return redirect("web:request_detail", pk=item.pk)
    return render(
        request,
        "web/casework/request_detail.html",
        {"item": item, "assign": assign, "complete": complete, "close": close, "action": action},
    )


# --- Mediation cases ---------------------------------------------------------------------------------------


@staff_required
def case_board(request):
    queryset = MediationCase.objects.visible_to(request.user).select_related("community", "mediator")
    filterset = CaseFilter(request.GET, queryset=queryset, request=request)
    if request.GET.get("export") == "xlsx":
        columns = [
            (_("Kind"), lambda c: c.get_kind_display()),
            (_("Title"), lambda c: c.title),
            (_("Community"), lambda c: c.community.name),
            (_("Parties"), lambda c: c.parties),
            (_("Mediator"), lambda c: c.mediator_display),
            (_("Received on"), lambda c: c.received_on),
            (_("Status"), lambda c: c.get_status_display()),
            (_("Closed on"), lambda c: c.closed_on),
            (_("Outcome"), lambda c: c.outcome),
        ]
        return xlsx_response(
            title=_("Mediation cases"),
            columns=columns,
            rows=filterset.qs.iterator(chunk_size=2000),
            filename=_("cases"),
        )
    S = MediationCase.Status
    board = _board(
        filterset.qs.order_by("received_on", "pk"),
        [(S.ACCEPTED, S.ACCEPTED.label), (S.MEDIATING, S.MEDIATING.label)],
        done_statuses=(),
    )
    board += _board(
        filterset.qs.order_by("-closed_on", "-pk"),
        [(S.RESOLVED, S.RESOLVED.label), ((S.FAILED, S.REFERRED), _("Not resolved or referred"))],
        done_statuses=MediationCase.CLOSED_STATUSES,
    )
    return render(request, "web/casework/case_board.html", {"filter": filterset, "board": board})


@staff_required
def case_create(request):
    form = CaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        case = form.save(commit=False)
        case.created_by = request.user
        case.save()
        messages.success(request, _("The case “{title}” was recorded.").format(title=case.title))
        return redirect("web:case_detail", pk=case.pk)
    return render(
        request,
        "web/casework/form.html",
        {"form": form, "title": _("Record a mediation case"), "back": "web:case_board"},
    )


@staff_required
def case_detail(request, pk: int):
    case = get_object_or_404(
        MediationCase.objects.visible_to(request.user).select_related("community", "mediator", "site", "created_by"),
        pk=pk,
    )
    action = request.POST.get("action") if request.method == "POST" else None
    assign = CaseAssignForm(
        request.POST if action == "assign" else None,
        volunteer_choices=services.assignable_volunteers(case.community),
        initial={"mediator": case.mediator_id, "mediator_name": case.mediator_name},
    )
    close = CaseCloseForm(request.POST if action == "close" else None)
    forms = {"assign": assign, "close": close}
    if action in forms and forms[action].is_valid():
        form = forms[action]
        try:
            if action == "assign":
                services.case_assign(case=case, by_user=request.user, **form.cleaned_data)
                messages.success(request, _("The mediator was recorded; the case is being mediated."))
            else:
                services.case_close(case=case, by_user=request.user, **form.cleaned_data)
                messages.success(request, _("The case was closed."))
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return redirect("web:case_detail", pk=case.pk)
    return render(
        request,
        "web/casework/case_detail.html",
        {"case": case, "assign": assign, "close": close, "action": action},
    )
