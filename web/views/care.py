"""Care archives (专属档案) with their pairs and the visits each pair makes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from community.periods import month_bounds, today
from members.models import CareArchive, Pair, PairVisit
from members.services import pair_visit_log

from ..exports import Masker, xlsx_response
from ..filters import CareArchiveFilter
from ..forms import CareArchiveForm, PairForm, PairVisitForm
from .access import done, form_errors_from, paginate, safe_next, sorted_by, staff_required

CARE_SORTS = {
    "name": ("name", "pk"),
    "last_visit": ("last_visit_on", "name", "pk"),
    "opened": ("opened_on", "pk"),
}


def _archives(user):
    last_visit = (
        PairVisit.objects.filter(pair__helped_archive=OuterRef("pk"))
        .order_by("-visited_on", "-pk")
        .values("visited_on")[:1]
    )
    return (
        CareArchive.objects.visible_to(user)
        .annotate(last_visit_on=Subquery(last_visit))
        .select_related("community", "grid")
    )


@staff_required
def care_list(request):
    filterset = CareArchiveFilter(request.GET, queryset=_archives(request.user), request=request)
    archives = sorted_by(request, filterset.qs, CARE_SORTS, "name")
    if request.GET.get("export") == "xlsx":
        mask = Masker(request.user)
        columns = [
            (pgettext("staff ui", "Name"), lambda a: a.name),
            (_("Gender"), lambda a: a.get_gender_display()),
            (_("Age"), lambda a: a.age),
            (_("Mobile phone"), lambda a: mask.phone(a.phone)),
            (_("Community"), lambda a: a.community.name),
            (_("Grid"), lambda a: a.grid.name if a.grid_id else ""),
            (_("Home address"), lambda a: mask.text(a.address)),
            (_("Category"), lambda a: "、".join(a.category_labels)),
            (_("Helper on the love contact card"), lambda a: a.helper_name),
            (_("Helper's phone"), lambda a: mask.phone(a.helper_phone)),
            (_("Last visit"), lambda a: a.last_visit_on),
            (_("Status"), lambda a: a.get_status_display()),
        ]
        return xlsx_response(
            title=_("Care archives"), columns=columns, rows=archives.iterator(chunk_size=2000), filename=_("care")
        )
    month_start = month_bounds(today())[0]
    return render(
        request,
        "web/care/list.html",
        {"filter": filterset, "page": paginate(request, archives), "month_start": month_start},
    )


@staff_required
def care_detail(request, pk: int):
    archive = get_object_or_404(_archives(request.user).select_related("member", "compound", "building"), pk=pk)
    pairs = (
        Pair.objects.visible_to(request.user)
        .filter(helped_archive=archive)
        .select_related("helper")
        .annotate(last_visit=Max("visits__visited_on"))
        .prefetch_related(
            Prefetch("visits", queryset=PairVisit.objects.select_related("recorded_by").order_by("-visited_on", "-pk"))
        )
        .order_by("ended_on", "-started_on")
    )
    return render(
        request,
        "web/care/detail.html",
        {
            "archive": archive,
            "pairs": pairs,
            "visit_form": PairVisitForm(),
            "month_start": month_bounds(today())[0],
        },
    )


@staff_required
def care_create(request):
    form = CareArchiveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        archive = form.save()
        messages.success(request, _("A care archive for {name} was opened.").format(name=archive.name))
        return redirect("web:care_detail", pk=archive.pk)
    return render(request, "web/care/form.html", {"form": form, "archive": None})


@staff_required
def care_edit(request, pk: int):
    archive = get_object_or_404(CareArchive.objects.visible_to(request.user), pk=pk)
    form = CareArchiveForm(request.POST or None, instance=archive, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes to {name} were saved.").format(name=archive.name))
        return redirect("web:care_detail", pk=archive.pk)
    return render(request, "web/care/form.html", {"form": form, "archive": archive})


@staff_required
def pair_create(request, pk: int):
    archive = get_object_or_404(CareArchive.objects.visible_to(request.user), pk=pk)
    form = PairForm(request.POST or None, user=request.user, archive=archive)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("A helper was paired with {name}.").format(name=archive.name))
        return redirect("web:care_detail", pk=archive.pk)
    return render(request, "web/care/pair_form.html", {"form": form, "archive": archive})


@staff_required
def pair_visit(request, pk: int):
    pair = get_object_or_404(
        Pair.objects.visible_to(request.user).select_related("helper", "helped_archive", "helped_member"), pk=pk
    )
    default = (
        reverse("web:care_detail", args=[pair.helped_archive_id])
        if pair.helped_archive_id
        else reverse("web:member_detail", args=[pair.helped_member_id])
    )
    next_url = safe_next(request, default)
    form = PairVisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pair_visit_log(pair=pair, by_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Visit to {name} on {date} was logged.").format(
                    name=pair.helped_display, date=form.cleaned_data["visited_on"].isoformat()
                ),
            )
            return done(request, next_url)
    return render(request, "web/care/visit.html", {"form": form, "pair": pair, "next": next_url})
