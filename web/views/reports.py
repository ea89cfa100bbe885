"""Statistics (统计报表): the nightly monthly figures of the user's area over a period, broken
down by service type and team, with a chart and an Excel download; the community's "three up,
three down" indicators; and the export for the national volunteer service information system.

Figures are read from reports.MonthlyStatistic (computed by reports.services); the page only
sums stored rows, a fixed handful of queries whatever the period or the area.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from urllib.parse import quote, urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Q, Sum
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from activities.models import ServiceRecord, ServiceType
from community.models import Community
from community.periods import today
from community.scoping import sees_personal_data
from reports.models import CommunityIndicator, MonthlyStatistic, StatisticMonth
from reports.services import (
    first_of_month,
    indicator_record,
    indicator_trend,
    indicator_trend_is_better,
    statistics_recompute,
)
from volunteers.exports import national_export_workbook
from volunteers.models import Team, Volunteer

from ..exports import XLSX, xlsx_sheets_response
from ..forms import DateInput
from .access import form_errors_from, staff_required

Scope = MonthlyStatistic.Scope
# A recompute from the page covers at most this many months (a hand run, not a backfill).
MAX_RECOMPUTE_MONTHS = 24
MAX_PERIOD_MONTHS = 60


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m")


class MonthField(forms.DateField):
    widget = MonthInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m", "%Y-%m-%d"])
        super().__init__(**kwargs)

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first_of_month(first)
    while month <= last:
        months.append(month)
        month = first_of_month(month + datetime.timedelta(days=32))
    return months


def _minus_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 - count
    return datetime.date(index // 12, index % 12 + 1, 1)


def _style(form) -> None:
    for field in form.fields.values():
        css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
        field.widget.attrs.setdefault("class", css)


class ReportFilterForm(forms.Form):
    month_from = MonthField(label=gettext_lazy("From month"), required=False)
    month_to = MonthField(label=gettext_lazy("To month"), required=False)
    community = forms.ModelChoiceField(
        label=gettext_lazy("Community"), queryset=Community.objects.none(), required=False
    )
    team = forms.ModelChoiceField(label=gettext_lazy("Team"), queryset=Team.objects.none(), required=False)
    service_type = forms.ModelChoiceField(
        label=gettext_lazy("Service type"), queryset=ServiceType.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.communities = Community.objects.visible_to(user).order_by("name")
        self.fields["community"].queryset = self.communities
        self.fields["community"].empty_label = _("All communities")
        self.fields["team"].queryset = Team.objects.visible_to(user).order_by("name")
        self.fields["team"].empty_label = _("All teams")
        self.fields["service_type"].queryset = ServiceType.objects.order_by("name")
        self.fields["service_type"].empty_label = _("All service types")
        if user.community_id:
            # Community staff see one community: no choice to make.
            del self.fields["community"]
        _style(self)

    def clean(self):
        data = super().clean()
        last = first_of_month(today())
        month_to = data.get("month_to") or last
        month_from = data.get("month_from") or _minus_months(month_to, 11)
        if month_from > month_to:
            raise ValidationError(_("The first month must not come after the last one."))
        if len(_months(month_from, month_to)) > MAX_PERIOD_MONTHS:
            raise ValidationError(_("Choose a period of at most {count} months.").format(count=MAX_PERIOD_MONTHS))
        data["month_from"], data["month_to"] = month_from, month_to
        return data


class IndicatorForm(forms.Form):
    community = forms.ModelChoiceField(label=gettext_lazy("Community"), queryset=Community.objects.none())
    month = MonthField(label=gettext_lazy("Month"))
    kind = forms.ChoiceField(label=gettext_lazy("Indicator"), choices=CommunityIndicator.Kind.choices)
    value = forms.DecimalField(label=gettext_lazy("Value"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Community.objects.visible_to(user).order_by("name")
        _style(self)


def _default_filters() -> dict:
    last = first_of_month(today())
    return {"month_from": _minus_months(last, 11), "month_to": last, "team": None, "service_type": None}


def _period_rows(request, filters: dict):
    rows = MonthlyStatistic.objects.visible_to(request.user).filter(
        month__range=(filters["month_from"], filters["month_to"])
    )
    if request.user.community_id:
        # Community staff: their community's own figures, not the street-wide activities they may see.
        rows = rows.filter(community_id=request.user.community_id)
    elif filters.get("community"):
        rows = rows.filter(community=filters["community"])
    return rows


def _monthly_table(rows, filters: dict) -> list[dict]:
    """One line per month of the period (months without rows show zeros)."""
    if filters.get("team"):
        cells = rows.filter(scope=Scope.TEAM, team=filters["team"])
    elif filters.get("service_type"):
        cells = rows.filter(scope=Scope.SERVICE_TYPE, service_type=filters["service_type"])
    else:
        cells = rows.filter(scope=Scope.COMMUNITY)
    totals_only = not (filters.get("team") or filters.get("service_type"))
    found = {
        row["month"]: row
        for row in cells.values("month")
        .annotate(
            activities=Sum("activities"),
            volunteers_active=Sum("volunteers_active"),
            service_hours=Sum("service_hours"),
            people_served=Sum("people_served"),
            members_total=Sum("members_total"),
            members_contacted=Sum("members_contacted"),
            requests_done=Sum("requests_done"),
            disputes_mediated=Sum("disputes_mediated"),
        )
        .order_by("month")
    }
    table = []
    for month in _months(filters["month_from"], filters["month_to"]):
        row = found.get(month, {})
        total, contacted = row.get("members_total") or 0, row.get("members_contacted") or 0
        table.append(
            {
                "month": month,
                "activities": row.get("activities") or 0,
                "volunteers_active": row.get("volunteers_active") or 0,
                "service_hours": row.get("service_hours") or Decimal("0"),
                "people_served": row.get("people_served") or 0,
                "coverage": (round(Decimal(contacted) * 100 / total, 1) if total else None) if totals_only else None,
                "members_total": total,
                "members_contacted": contacted,
                "requests_done": row.get("requests_done") or 0 if totals_only else None,
                "disputes_mediated": row.get("disputes_mediated") or 0 if totals_only else None,
            }
        )
    return table


def _breakdown(rows, scope: str, filters: dict) -> list[dict]:
    """The period's figures per service type or per team (active volunteers: the busiest month)."""
    key = "service_type" if scope == Scope.SERVICE_TYPE else "team"
    cells = rows.filter(scope=scope)
    if filters.get(key):
        cells = cells.filter(**{key: filters[key]})
    rows = (
        cells.values(f"{key}_id", f"{key}__name")
        .annotate(
            activities=Sum("activities"),
            people_served=Sum("people_served"),
            service_hours=Sum("service_hours"),
            volunteers_max=Max("volunteers_active"),
        )
        .order_by("-service_hours", f"{key}__name", f"{key}_id")
    )
    return [{**row, "name": row[f"{key}__name"]} for row in rows]


def _totals(table: list[dict]) -> dict:
    return {
        "activities": sum(r["activities"] for r in table),
        "service_hours": sum((r["service_hours"] for r in table), Decimal("0")),
        "people_served": sum(r["people_served"] for r in table),
        "requests_done": sum(r["requests_done"] or 0 for r in table),
        "disputes_mediated": sum(r["disputes_mediated"] or 0 for r in table),
    }


def _indicator_community(request, filters: dict, communities):
    """The community whose indicators are shown: the filter's, the user's, or the first visible."""
    if filters.get("community"):
        return filters["community"]
    if request.user.community_id:
        return request.user.community
    return communities.first()


def _indicator_table(community, last_month: datetime.date) -> tuple[list[datetime.date], list[dict]]:
    months = _months(_minus_months(last_month, 11), last_month)
    values: dict[tuple[str, datetime.date], Decimal] = {}
    if community is not None:
        for kind, month, value in CommunityIndicator.objects.filter(
            community=community, month__range=(months[0], months[-1])
        ).values_list("kind", "month", "value"):
            values[(kind, month)] = value
    rows = []
    for kind, label in CommunityIndicator.Kind.choices:
        series = [values.get((kind, month)) for month in months]
        rising = kind in CommunityIndicator.RISING
        trend = indicator_trend(values=series)
        rows.append(
            {
                "kind": kind,
                "label": label,
                "values": series,
                "rising_is_good": rising,
                "trend": trend,
                "better": indicator_trend_is_better(trend=trend, rising_is_good=rising),
            }
        )
    return months, rows


def _filters_from(request, form) -> dict:
    if form.is_bound and form.is_valid():
        filters = dict(form.cleaned_data)
    else:
        filters = _default_filters()
    if request.user.community_id:
        filters["community"] = None  # scope already is the one community
    return filters


def _export(filters, table, by_type, by_team, indicator_months, indicators, community):
    def num(value):
        return "" if value is None else value

    sheets = [
        (
            _("Monthly figures"),
            [
                (_("Month"), lambda r: r["month"].strftime("%Y-%m")),
                (_("Activities"), lambda r: r["activities"]),
                (_("Active volunteers"), lambda r: r["volunteers_active"]),
                (_("Service hours"), lambda r: r["service_hours"]),
                (_("People served"), lambda r: r["people_served"]),
                (_("Quarterly contact coverage (%)"), lambda r: num(r["coverage"])),
                (_("Requests done"), lambda r: num(r["requests_done"])),
                (_("Disputes mediated"), lambda r: num(r["disputes_mediated"])),
            ],
            table,
        ),
    ]
    for title, rows in ((_("By service type"), by_type), (_("By team"), by_team)):
        sheets.append(
            (
                title,
                [
                    (_("Name"), lambda r: r["name"]),
                    (_("Activities"), lambda r: r["activities"]),
                    (_("Service hours"), lambda r: r["service_hours"]),
                    (_("People served"), lambda r: r["people_served"]),
                    (_("Most active volunteers in a month"), lambda r: r["volunteers_max"]),
                ],
                rows,
            )
        )
    if community is not None:
        columns = [(_("Indicator"), lambda r: str(r["label"]))]
        for index, month in enumerate(indicator_months):
            columns.append((month.strftime("%Y-%m"), lambda r, i=index: num(r["values"][i])))
        columns.append((_("Trend"), lambda r: _trend_word(r["trend"], r["better"])))
        sheets.append((_("Three up, three down"), columns, indicators))
    period = "{:%Y%m}-{:%Y%m}".format(filters["month_from"], filters["month_to"])
    return xlsx_sheets_response(sheets=sheets, filename=_("statistics") + "-" + period)


def _trend_word(trend: str, better: bool | None) -> str:
    words = {"up": _("Up"), "down": _("Down"), "same": _("Unchanged"), "": _("Not enough data")}
    word = words[trend]
    if better is True:
        return _("{trend} (better)").format(trend=word)
    if better is False:
        return _("{trend} (worse)").format(trend=word)
    return word


def _page_params(request) -> QueryDict:
    """The page's filters: the query string, or on a form post the one the page passed along."""
    if request.method == "POST":
        return QueryDict(request.POST.get("query", ""))
    return request.GET


def _render(request, *, indicator_form=None, status=200):
    params = _page_params(request)
    defaults = _default_filters()
    form = ReportFilterForm(
        params or None,
        user=request.user,
        initial={"month_from": defaults["month_from"], "month_to": defaults["month_to"]},
    )
    filters = _filters_from(request, form)
    rows = _period_rows(request, filters)
    table = _monthly_table(rows, filters)
    by_type = _breakdown(rows, Scope.SERVICE_TYPE, filters)
    by_team = _breakdown(rows, Scope.TEAM, filters)
    months = [row["month"] for row in table]
    computed = dict(StatisticMonth.objects.filter(month__in=months).values_list("month", "computed_at"))
    missing = [month for month in months if not computed.get(month) and month <= first_of_month(today())]
    community = _indicator_community(request, filters, form.communities)
    indicator_months, indicators = _indicator_table(community, filters["month_to"])
    if request.GET.get("export") == "xlsx" and request.method == "GET":
        return _export(filters, table, by_type, by_team, indicator_months, indicators, community)
    if indicator_form is None:
        indicator_form = IndicatorForm(
            user=request.user,
            initial={
                "community": community,
                "month": first_of_month(today()),
                "kind": CommunityIndicator.Kind.PARTICIPATION,
            },
        )
    for row in indicators:
        row["word"] = _trend_word(row["trend"], row["better"])
    chart = {
        "labels": [m.strftime("%Y-%m") for m in months],
        "activities": [r["activities"] for r in table],
        "hours": [float(r["service_hours"]) for r in table],
        "served": [r["people_served"] for r in table],
        "names": {"activities": _("Activities"), "hours": _("Service hours"), "served": _("People served")},
    }
    query = params.copy()
    query.pop("export", None)
    context = {
        "form": form,
        "filters": filters,
        "table": table,
        "totals": _totals(table),
        "by_type": by_type,
        "by_team": by_team,
        "missing": missing,
        "last_computed": max((c for c in computed.values() if c), default=None),
        "chart": chart,
        "indicator_community": community,
        "indicator_months": indicator_months,
        "indicators": indicators,
        "indicator_form": indicator_form,
        "single_community": bool(request.user.community_id),
        "query": query.urlencode(),
        "export_query": urlencode([*query.items(), ("export", "xlsx")]),
        "with_breakdown_filter": bool(filters.get("team") or filters.get("service_type")),
    }
    return render(request, "web/reports/index.html", context, status=status)


@staff_required
def reports(request):
    return _render(request)


def _back(request) -> str:
    url = reverse("web:reports")
    # Re-encoded: whatever was posted, only a clean query string goes into the redirect.
    query = _page_params(request).copy()
    query.pop("export", None)
    return f"{url}?{query.urlencode()}" if query else url


@staff_required
@require_POST
def reports_recompute(request):
    """Recompute the period's months now (the nightly task does the same; it is idempotent)."""
    form = ReportFilterForm(
        {"month_from": request.POST.get("month_from", ""), "month_to": request.POST.get("month_to", "")},
        user=request.user,
    )
    if not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()) or _("Choose a valid period."))
        return redirect(_back(request))
    last = min(form.cleaned_data["month_to"], first_of_month(today()))
    months = _months(form.cleaned_data["month_from"], last)
    if len(months) > MAX_RECOMPUTE_MONTHS:
        messages.error(
            request,
            _("Recompute at most {count} months at a time.").format(count=MAX_RECOMPUTE_MONTHS),
        )
        return redirect(_back(request))
    for month in months:
        statistics_recompute(month=month)
    messages.success(
        request,
        ngettext(
            "The statistics of {count} month were recomputed.",
            "The statistics of {count} months were recomputed.",
            len(months),
        ).format(count=len(months)),
    )
    return redirect(_back(request))


@staff_required
def reports_indicator(request):
    """Record one month's indicator for a community in scope; errors keep the input."""
    if request.method != "POST":
        return redirect("web:reports")
    form = IndicatorForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            indicator = indicator_record(
                community=data["community"],
                month=data["month"],
                kind=data["kind"],
                value=data["value"],
                note=data["note"],
                by_user=request.user,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        except PermissionDenied as error:
            form.add_error("community", str(error))
        else:
            messages.success(
                request,
                _("{indicator} for {month} was saved: {value}.").format(
                    indicator=indicator.get_kind_display(),
                    month=indicator.month.strftime("%Y-%m"),
                    value=indicator.value.normalize()
                    if indicator.value == indicator.value.to_integral()
                    else indicator.value,
                ),
            )
            return redirect(_back(request))
    messages.error(request, _("The indicator was not saved: please correct the errors below."))
    return _render(request, indicator_form=form)


# National volunteer service information system


class NationalExportForm(forms.Form):
    date_from = forms.DateField(label=gettext_lazy("Service from"), widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("Service to"), widget=DateInput())
    community = forms.ModelChoiceField(
        label=gettext_lazy("Community"), queryset=Community.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Community.objects.visible_to(user).order_by("name")
        self.fields["community"].empty_label = _("All communities")
        if user.community_id:
            del self.fields["community"]
        _style(self)

    def clean(self):
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and first > last:
            raise ValidationError(_("The start date must not come after the end date."))
        return data


@staff_required
def national_export(request):
    """Volunteers and confirmed service records of a period, in the basic-field layout of the
    national volunteer service information system. Full ID numbers: only for roles that see
    personal data."""
    if not sees_personal_data(request.user):
        raise PermissionDenied(_("Only staff who may see personal data can export for the national system."))
    first_of_this_month = first_of_month(today())
    form = NationalExportForm(
        request.GET or None,
        user=request.user,
        initial={
            "date_from": _minus_months(first_of_this_month, 1),
            "date_to": first_of_this_month - datetime.timedelta(days=1),
        },
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        records = ServiceRecord.objects.visible_to(request.user).filter(
            date__range=(data["date_from"], data["date_to"])
        )
        volunteers = Volunteer.objects.visible_to(request.user)
        if data.get("community"):
            records = records.filter(community=data["community"])
            volunteers = volunteers.filter(community=data["community"])
        confirmed = records.filter(status=ServiceRecord.Status.CONFIRMED)
        volunteers = volunteers.filter(
            Q(registered_on__range=(data["date_from"], data["date_to"])) | Q(pk__in=confirmed.values("volunteer_id"))
        )
        content = national_export_workbook(volunteers_qs=volunteers, records_qs=records)
        response = HttpResponse(content, content_type=XLSX)
        name = "{}-{:%Y%m%d}-{:%Y%m%d}.xlsx".format(_("national-volunteer-export"), data["date_from"], data["date_to"])
        response["Content-Disposition"] = (
            f'attachment; filename="national-{data["date_from"]:%Y%m%d}-{data["date_to"]:%Y%m%d}.xlsx"; '
            f"filename*=UTF-8''{quote(name)}"
        )
        return response
    return render(request, "web/volunteers/national_export.html", {"form": form})
