"""Forms of the staff workspace. Choice lists come from the user's scope; the community of a
new record comes from the user (community staff) or from a scoped choice, never from a free id."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.models import Activity, ActivitySeries, ServiceType
from casework.models import MediationCase, ResidentRequest
from community.models import Building, Community, Compound, Grid, PartyOrganization, Site
from community.periods import today
from community.scoping import Role
from members.models import CareArchive, ContactLog, Member, Pair
from volunteers.models import Team, TeamMembership, Volunteer, led_team_ids


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class StyledForm:
    """Bootstrap classes on every widget; errors marked for screen readers; fields in sections."""

    # (title, field names); fields not named fall into a last, untitled section.
    sections: tuple = ()

    def section_list(self) -> list:
        named = [name for _title, names in self.sections for name in names]
        out = [(title, [self[n] for n in names if n in self.fields]) for title, names in self.sections]
        rest = [self[n] for n in self.fields if n not in named]
        if rest:
            out.append(("", rest))
        return [(title, fields) for title, fields in out if fields]

    def style(self) -> None:
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if isinstance(widget, forms.Textarea) and int(widget.attrs.get("rows", 10)) > 3:
                widget.attrs["rows"] = 3
            # Only errors already found: reading self.errors here would validate too early.
            if self._errors and name in self._errors and "is-invalid" not in widget.attrs["class"]:
                widget.attrs["class"] += " is-invalid"
                widget.attrs["aria-invalid"] = "true"

    def full_clean(self):
        super().full_clean()
        self.style()


def fixed_community(user) -> Community | None:
    """The community a community-level user works in, which their new records belong to."""
    if user.role in (Role.COMMUNITY_STAFF, Role.TEAM_LEADER) and user.community_id:
        return user.community
    return None


def limit_choices(form: forms.BaseForm, user, **models) -> None:
    """Restrict each named choice field to what the user may see."""
    for name, model in models.items():
        if name in form.fields:
            form.fields[name].queryset = model.objects.visible_to(user)


class ScopedModelForm(StyledForm, forms.ModelForm):
    """A model form whose `community` is fixed for community staff and a scoped choice otherwise."""

    scoped = {
        "community": Community,
        "compound": Compound,
        "grid": Grid,
        "building": Building,
        "party_organization": PartyOrganization,
        "site": Site,
    }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        limit_choices(self, user, **self.scoped)
        if "community" in self.fields and fixed_community(user) is not None:
            del self.fields["community"]
        self.style()

    def community_value(self) -> Community | None:
        if "community" in self.fields:
            return self.cleaned_data.get("community")
        return self.instance.community if self.instance.community_id else fixed_community(self.user)

    def _post_clean(self):
        # The instance must know its community before the model validates it.
        if "community" not in self.fields and not self.instance.community_id:
            self.instance.community = fixed_community(self.user)
        super()._post_clean()

    def check_in_community(self, *names: str) -> None:
        """Compound, grid and building must be in the record's community."""
        community = self.community_value()
        if community is None:
            return
        for name in names:
            value = self.cleaned_data.get(name)
            if value is None:
                continue
            owner = value.compound.community_id if isinstance(value, Building) else value.community_id
            if owner is not None and owner != community.pk:
                self.add_error(name, _("This is not in the chosen community."))


# --- Members -------------------------------------------------------------------------------


class MemberForm(ScopedModelForm):
    sections = (
        (_("Identity"), ("name", "gender", "birth_date", "id_number", "phone", "emergency_contact")),
        (pgettext_lazy("staff ui", "Home"), ("community", "compound", "grid", "building", "address")),
        (
            _("Party and work"),
            (
                "is_party_member",
                "party_organization",
                "party_joined_on",
                "former_work_unit",
                "former_position",
                "retired_on",
            ),
        ),
        (_("Five olds, skills and interests"), (*Member.FIVE_OLDS, "skills", "interests")),
        (
            pgettext_lazy("staff ui", "Care"),
            ("management_mode", *Member.LIVING_SITUATION, "health", "consent_recorded_on"),
        ),
        (_("Status"), ("status", "status_changed_on", "note")),
    )

    class Meta:
        model = Member
        fields = [
            "name",
            "gender",
            "birth_date",
            "id_number",
            "phone",
            "community",
            "compound",
            "grid",
            "building",
            "address",
            "emergency_contact",
            "is_party_member",
            "party_organization",
            "party_joined_on",
            "former_work_unit",
            "former_position",
            "retired_on",
            *Member.FIVE_OLDS,
            "skills",
            "interests",
            "management_mode",
            "health",
            *Member.LIVING_SITUATION,
            "consent_recorded_on",
            "status",
            "status_changed_on",
            "note",
        ]
        widgets = {
            "birth_date": DateInput(),
            "party_joined_on": DateInput(),
            "retired_on": DateInput(),
            "consent_recorded_on": DateInput(),
            "status_changed_on": DateInput(),
            "management_mode": forms.RadioSelect(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].help_text = _("18 characters; the birth date is read from it when left empty.")
        self.fields["phone"].help_text = _("11-digit mobile number.")
        self.fields["name"].widget.attrs["autofocus"] = True

    def clean(self):
        cleaned = super().clean()
        self.check_in_community("compound", "grid", "building")
        joined, born = cleaned.get("party_joined_on"), cleaned.get("birth_date")
        if joined and born and joined <= born:
            self.add_error("party_joined_on", _("The date of joining the Party must be after the birth date."))
        if joined and joined > today():
            self.add_error("party_joined_on", _("This date is in the future."))
        return cleaned


class ContactForm(StyledForm, forms.Form):
    contacted_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=today)
    method = forms.ChoiceField(
        label=_("How"),
        choices=ContactLog.Method.choices,
        initial=ContactLog.Method.VISIT,
        widget=forms.RadioSelect(),
    )
    content = forms.CharField(label=_("What was said"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    needs = forms.CharField(label=_("Needs raised"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    follow_up = forms.CharField(label=_("Follow-up"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def clean_contacted_on(self):
        value = self.cleaned_data["contacted_on"]
        if value > today():
            raise ValidationError(_("A contact cannot be logged for a future date."))
        return value


# --- Volunteers and teams -------------------------------------------------------------------------


class VolunteerForm(ScopedModelForm):
    sections = (
        (_("Identity"), ("name", "gender", "birth_date", "id_type", "id_number", "phone", "community")),
        (
            _("Volunteering"),
            ("political_status", "skills", "health_note", "registered_on", "national_number", "status"),
        ),
        (_("Guardian (volunteers under 18)"), ("guardian_name", "guardian_phone", "guardian_consent_on")),
    )

    class Meta:
        model = Volunteer
        fields = [
            "name",
            "gender",
            "birth_date",
            "id_type",
            "id_number",
            "phone",
            "community",
            "political_status",
            "skills",
            "health_note",
            "registered_on",
            "national_number",
            "guardian_name",
            "guardian_phone",
            "guardian_consent_on",
            "status",
        ]
        widgets = {
            "birth_date": DateInput(),
            "registered_on": DateInput(),
            "guardian_consent_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autofocus"] = True


class MembershipAddForm(StyledForm, forms.Form):
    volunteer = forms.ModelChoiceField(label=_("Volunteer"), queryset=Volunteer.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=TeamMembership.Role.choices, initial=TeamMembership.Role.MEMBER)
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput(), initial=today)

    def __init__(self, *args, user, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        current = team.memberships.current().values("volunteer_id")
        self.fields["volunteer"].queryset = (
            Volunteer.objects.visible_to(user).active().exclude(pk__in=current).order_by("name", "pk")
        )
        self.style()


class MembershipEndForm(StyledForm, forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DateInput(), initial=today)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


# --- Activities -------------------------------------------------------------------------------


class ActivityScopeMixin:
    """Team, community and street of an activity or series, from the user's scope.

    Community staff: their community. Street staff and admins: one of their communities, or
    none for a street-wide activity. Team leaders: one of the teams they lead.
    """

    def setup_scope(self, user) -> None:
        self.user = user
        limit_choices(self, user, community=Community, site=Site)
        teams = Team.objects.visible_to(user).filter(is_active=True)
        if user.role == Role.TEAM_LEADER:
            teams = teams.filter(pk__in=led_team_ids(user))
            self.fields["team"].required = True
        self.fields["team"].queryset = teams
        self.fields["service_type"].queryset = ServiceType.objects.filter(is_active=True)
        if user.role in (Role.COMMUNITY_STAFF, Role.TEAM_LEADER):
            self.fields.pop("community", None)
        elif "community" in self.fields:
            self.fields["community"].required = False
            self.fields["community"].empty_label = _("Whole street")
            self.fields["community"].help_text = _("Leave empty for an activity of the whole street.")

    def apply_scope(self, instance) -> None:
        """Set the street and community the record belongs to (called from _post_clean)."""
        user = self.user
        team = self.cleaned_data.get("team")
        if "community" in self.fields:
            community = self.cleaned_data.get("community")
        elif user.role == Role.TEAM_LEADER and team is not None:
            community = team.community
        else:
            community = user.community if user.community_id else None
        if instance.pk and "community" not in self.fields:
            community = instance.community
        instance.community = community
        if community is not None:
            instance.street = community.street
        elif team is not None:
            instance.street = team.street
        elif user.street_id:
            instance.street = user.street
        elif not instance.street_id:
            self.add_error(
                "community" if "community" in self.fields else None, _("Choose the community this belongs to.")
            )


class ActivityForm(ActivityScopeMixin, StyledForm, forms.ModelForm):
    sections = (
        (_("What"), ("title", "service_type", "team", "community", "target_group", "description", "what_to_bring")),
        (_("When and where"), ("start", "end", "site", "address")),
        (_("Sign-up"), ("capacity", "signup_deadline", "is_public", "requires_insurance", "insurance_policy")),
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "service_type",
            "team",
            "community",
            "site",
            "address",
            "start",
            "end",
            "capacity",
            "signup_deadline",
            "target_group",
            "description",
            "what_to_bring",
            "is_public",
            "requires_insurance",
            "insurance_policy",
        ]
        widgets = {
            "start": DateTimeInput(),
            "end": DateTimeInput(),
            "signup_deadline": DateTimeInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_scope(user)
        for name in ("start", "end", "signup_deadline"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        self.fields["title"].widget.attrs["autofocus"] = True
        self.style()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The end must be after the start."))
        return cleaned

    def _post_clean(self):
        self.apply_scope(self.instance)
        super()._post_clean()

    def change_data(self) -> dict:
        """The edited fields, for activities.services.activity_update."""
        data = {name: self.cleaned_data[name] for name in self.fields if name in self.cleaned_data}
        data["street"] = self.instance.street
        data["community"] = self.instance.community
        return data


class SeriesForm(ActivityScopeMixin, StyledForm, forms.ModelForm):
    """A recurring activity: weekly on chosen weekdays, or monthly on a day of the month."""

    WEEKLY, MONTHLY = "weekly", "monthly"
    WEEKDAYS = [
        ("MO", _("Mon")),
        ("TU", _("Tue")),
        ("WE", _("Wed")),
        ("TH", _("Thu")),
        ("FR", _("Fri")),
        ("SA", _("Sat")),
        ("SU", _("Sun")),
    ]

    frequency = forms.ChoiceField(
        label=_("Repeats"),
        choices=[(WEEKLY, _("Every week")), (MONTHLY, _("Every month"))],
        initial=WEEKLY,
        widget=forms.RadioSelect(),
    )
    weekdays = forms.MultipleChoiceField(
        label=_("On"), choices=WEEKDAYS, required=False, widget=forms.CheckboxSelectMultiple()
    )
    month_day = forms.IntegerField(
        label=_("Day of the month"), min_value=1, max_value=31, required=False, help_text=_("1 to 31")
    )

    class Meta:
        model = ActivitySeries
        fields = [
            "title",
            "service_type",
            "team",
            "community",
            "site",
            "address",
            "starts_on",
            "ends_on",
            "start_time",
            "duration_minutes",
            "capacity",
            "target_group",
            "description",
            "what_to_bring",
            "is_public",
            "publish_occurrences",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "start_time": TimeInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_scope(user)
        self.fields["starts_on"].initial = today
        self.fields["title"].widget.attrs["autofocus"] = True
        if self.instance.pk:
            self.initial.update(self.repetition_of(self.instance.rrule))
        self.style()

    @classmethod
    def repetition_of(cls, rrule: str) -> dict:
        """The form's repeat fields for a rule this form writes; nothing for other rules."""
        parts = dict(part.split("=", 1) for part in rrule.split(";") if "=" in part)
        if parts.get("FREQ") == "WEEKLY" and "BYDAY" in parts:
            return {"frequency": cls.WEEKLY, "weekdays": parts["BYDAY"].split(",")}
        if parts.get("FREQ") == "MONTHLY" and parts.get("BYMONTHDAY", "").isdigit():
            return {"frequency": cls.MONTHLY, "month_day": int(parts["BYMONTHDAY"])}
        return {}

    @classmethod
    def describe(cls, series: ActivitySeries) -> str:
        """The rule in words: "Every week on Wed、Sat, 09:00, 120 minutes"."""
        repeat = cls.repetition_of(series.rrule)
        names = dict(cls.WEEKDAYS)
        if repeat.get("frequency") == cls.WEEKLY:
            when = _("Every week on {days}").format(days="、".join(str(names.get(d, d)) for d in repeat["weekdays"]))
        elif repeat.get("frequency") == cls.MONTHLY:
            when = _("On day {day} of every month").format(day=repeat["month_day"])
        else:
            when = series.rrule
        return _("{when}, {time}, {minutes} minutes").format(
            when=when, time=series.start_time.strftime("%H:%M"), minutes=series.duration_minutes
        )

    def change_data(self) -> dict:
        """The edited fields, for activities.services.series_update."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}
        data.update(rrule=self.instance.rrule, street=self.instance.street, community=self.instance.community)
        return data

    def clean(self):
        cleaned = super().clean()
        frequency = cleaned.get("frequency")
        if frequency == self.WEEKLY:
            days = cleaned.get("weekdays") or []
            if not days:
                self.add_error("weekdays", _("Choose at least one weekday."))
            else:
                order = [code for code, _label in self.WEEKDAYS]
                days = sorted(set(days), key=order.index)
                self.instance.rrule = "FREQ=WEEKLY;BYDAY=" + ",".join(days)
        elif frequency == self.MONTHLY:
            day = cleaned.get("month_day")
            if not day:
                self.add_error("month_day", _("Enter the day of the month, 1 to 31."))
            else:
                self.instance.rrule = f"FREQ=MONTHLY;BYMONTHDAY={day}"
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return cleaned

    def _post_clean(self):
        self.apply_scope(self.instance)
        self.instance.created_by = self.instance.created_by or self.user
        if not self.instance.rrule:
            return  # clean() has already said which part of the repetition is missing
        super()._post_clean()


class CancelForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to everyone signed up)"), required=False, max_length=200, widget=forms.TextInput()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class OutcomeForm(StyledForm, forms.Form):
    """What the activity achieved, entered with the hours."""

    beneficiaries_count = forms.IntegerField(label=_("People served"), min_value=0, required=False)
    summary = forms.CharField(
        label=pgettext_lazy("staff ui", "Summary"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


def parse_hours(raw: str) -> Decimal:
    """Hours typed by staff: a number from 0 to 24, with a comma or a dot."""
    try:
        value = Decimal((raw or "").strip().replace(",", "."))
    except ArithmeticError:
        raise ValidationError(_("Enter hours as a number, e.g. 2 or 1.5.")) from None
    if not value.is_finite() or value < 0 or value > 24:
        raise ValidationError(_("Hours must be between 0 and 24."))
    return value.quantize(Decimal("0.01"))


# --- Care archives and pairs ---------------------------------------------------------------------


class CareArchiveForm(ScopedModelForm):
    sections = (
        (_("Identity"), ("name", "gender", "birth_date", "id_number", "phone")),
        (pgettext_lazy("staff ui", "Home"), ("community", "compound", "grid", "building", "address")),
        (
            _("Situation"),
            ("elderly_alone", "lost_only_child", "hardship", "disabled", "health", "family_situation", "needs"),
        ),
        (_("Love contact card"), ("helper_name", "helper_phone")),
        (_("Status"), ("status", "opened_on", "note")),
    )

    class Meta:
        model = CareArchive
        fields = [
            "name",
            "gender",
            "birth_date",
            "id_number",
            "phone",
            "community",
            "compound",
            "grid",
            "building",
            "address",
            "elderly_alone",
            "lost_only_child",
            "hardship",
            "disabled",
            "health",
            "family_situation",
            "needs",
            "helper_name",
            "helper_phone",
            "status",
            "opened_on",
            "note",
        ]
        widgets = {"birth_date": DateInput(), "opened_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autofocus"] = True

    def clean(self):
        cleaned = super().clean()
        self.check_in_community("compound", "grid", "building")
        return cleaned


class PairForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Pair
        fields = ["kind", "helper", "helper_name", "started_on", "note"]
        widgets = {"started_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, archive: CareArchive, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.community = archive.community
        self.instance.helped_archive = archive
        self.fields["helper"].queryset = (
            Member.objects.visible_to(user).active().filter(community=archive.community).order_by("name")
        )
        self.style()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("helper") and not cleaned.get("helper_name"):
            self.add_error("helper_name", _("Choose a member as helper or type the helper's name."))
        return cleaned


class PairVisitForm(StyledForm, forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=DateInput(), initial=today)
    content = forms.CharField(label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def clean_visited_on(self):
        value = self.cleaned_data["visited_on"]
        if value > today():
            raise ValidationError(_("A visit cannot be logged for a future date."))
        return value


# --- Casework ------------------------------------------------------------------------------------


class RequestForm(ScopedModelForm):
    class Meta:
        model = ResidentRequest
        fields = ["kind", "title", "description", "requester_name", "requester_phone", "community", "raised_on"]
        widgets = {"raised_on": DateInput()}

    def clean_raised_on(self):
        value = self.cleaned_data["raised_on"]
        if value and value > today():
            raise ValidationError(_("This date is in the future."))
        return value


class RequestAssignForm(StyledForm, forms.Form):
    assigned_user = forms.ModelChoiceField(label=_("Staff member"), queryset=None, required=False)
    assigned_volunteer = forms.ModelChoiceField(label=_("Volunteer"), queryset=None, required=False)

    def __init__(self, *args, staff_choices, volunteer_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_user"].queryset = staff_choices
        self.fields["assigned_volunteer"].queryset = volunteer_choices
        self.style()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("assigned_user") and not cleaned.get("assigned_volunteer"):
            raise ValidationError(_("Choose a staff member or a volunteer."))
        return cleaned


class RequestCompleteForm(StyledForm, forms.Form):
    result = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))
    feedback = forms.CharField(label=_("Resident's feedback"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction"),
        choices=[("", "—"), *[(n, str(n)) for n in range(5, 0, -1)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    done_on = forms.DateField(label=_("Done on"), widget=DateInput(), initial=today)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class CloseForm(StyledForm, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class CaseForm(ScopedModelForm):
    class Meta:
        model = MediationCase
        fields = ["kind", "title", "parties", "description", "community", "site", "received_on"]
        widgets = {"received_on": DateInput(), "parties": forms.Textarea(attrs={"rows": 2})}

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value and value > today():
            raise ValidationError(_("This date is in the future."))
        return value


class CaseAssignForm(StyledForm, forms.Form):
    mediator = forms.ModelChoiceField(label=_("Mediator (volunteer)"), queryset=None, required=False)
    mediator_name = forms.CharField(label=_("or mediator's name"), required=False, max_length=50)

    def __init__(self, *args, volunteer_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = volunteer_choices
        self.style()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("mediator") and not cleaned.get("mediator_name"):
            raise ValidationError(_("Choose a volunteer or type the mediator's name."))
        return cleaned


class CaseCloseForm(StyledForm, forms.Form):
    status = forms.ChoiceField(label=_("Result"), choices=[(s.value, s.label) for s in MediationCase.CLOSED_STATUSES])
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput(), initial=today)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


def local_now_minute() -> datetime.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)
