"""The filters of the audit pages. A value that does not validate is dropped, never an error page."""

from auditlog import get_logentry_model
from django import forms
from django.utils.translation import gettext_lazy as _

from plans.forms import DateInput

from .enums import AccessKind
from .selectors import record_types

Action = get_logentry_model().Action
ACTION_LABELS = {Action.CREATE: _("Created"), Action.UPDATE: _("Changed"), Action.DELETE: _("Deleted")}
ACTION_KINDS = {Action.CREATE: "create", Action.UPDATE: "update", Action.DELETE: "delete"}


class _Filters(forms.Form):
    person = forms.CharField(label=_("Person"), required=False, max_length=50)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    address = forms.CharField(label=_("Address"), required=False, max_length=45)

    def values(self):
        """The valid filters as keyword arguments for the selector; invalid ones are left out."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class LogFilterForm(_Filters):
    record_type = forms.ChoiceField(label=_("Record type"), required=False)
    action = forms.TypedChoiceField(
        label=_("Action"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All actions")), *ACTION_LABELS.items()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [("", _("All records")), *record_types()]


class AccessFilterForm(_Filters):
    kind = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("All events")), *AccessKind.choices]
    )
