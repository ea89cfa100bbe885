from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from accounts.forms import ThrottledAuthenticationForm
from activities.models import ServiceType
from community.periods import today

from .templatetags.portal_tags import day_label

# How many days ahead the "which day" filter offers.
FILTER_DAYS = 14


class PlainLabels:
    """Labels stand on their own line above the box: no trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class VolunteerLoginForm(PlainLabels, ThrottledAuthenticationForm):
    """Mobile number or user name, and a password (accounts.backends.UsernameOrPhoneBackend)."""

    error_messages = {
        **ThrottledAuthenticationForm.error_messages,
        "invalid_login": _(
            "The mobile number (or user name) or the password is not right. Please check and try again, "
            "or ask your community for a new password."
        ),
        "inactive": _("This login has been switched off. Please ask your community."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Mobile number or user name")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].label = _("Password")


class VolunteerPasswordChangeForm(PlainLabels, PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password (the one you logged in with)")
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].help_text = _("At least 8 characters; not just your phone number.")
        self.fields["new_password2"].label = _("New password again")

    def save(self, commit=True):
        # Their own password now: the first-login slip's one no longer needs replacing.
        self.user.must_change_password = False
        return super().save(commit=commit)


class ActivityFilterForm(PlainLabels, forms.Form):
    day = forms.TypedChoiceField(
        label=_("Which day"), required=False, coerce=datetime.date.fromisoformat, empty_value=None
    )
    type = forms.ModelChoiceField(
        label=_("Kind of service"),
        queryset=ServiceType.objects.filter(is_active=True),
        required=False,
        empty_label=_("All kinds"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first = today()
        days = [first + datetime.timedelta(days=n) for n in range(FILTER_DAYS)]
        self.fields["day"].choices = [("", _("Any day"))] + [(d.isoformat(), day_label(d)) for d in days]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CertificatePeriodForm(PlainLabels, forms.Form):
    period_start = forms.DateField(label=_("First day"), widget=DateInput())
    period_end = forms.DateField(label=_("Last day"), widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period must not be before its start."))
        if end and end > today():
            self.add_error(
                "period_end",
                _("The period cannot end after today ({today}).").format(today=formats.date_format(today())),
            )
        return data


class StaffCertificateForm(CertificatePeriodForm):
    issuer_name = forms.CharField(label=_("Issuing organisation"), max_length=100)
    person_in_charge = forms.CharField(label=_("Person in charge"), max_length=50, required=False)
    handler = forms.CharField(label=_("Handled by"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)


class ResetPasswordForm(PlainLabels, forms.Form):
    password = forms.CharField(
        label=_("Temporary password"),
        required=False,
        max_length=64,
        strip=True,
        help_text=_("Leave empty to have one made up (three letters and five digits, easy to type on a phone)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )
