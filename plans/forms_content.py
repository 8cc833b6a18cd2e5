"""Forms for the content of the built-in deliverables: the work plan and the summary.

Both forms are ModelForms for their fields, labels and limits, but are bound to a throwaway
instance: the view hands `cleaned_data` to a service, and `work_plan_save` compares the plan
before and after to decide whether the principal's sign-off still stands — a form that wrote into
the real instance first would hide every change from it.
"""

from django import forms
from django.forms.models import model_to_dict
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.uploads import MAX_DOCUMENT_BYTES, validate_document

from .content_services import WORK_PLAN_FIELDS
from .models import Responsibility, Summary, WorkPlan

ROW_FIELDS = ("post", "person", "duties")
MAX_ROWS = 100
PREFIX = "responsibilities"


def _textarea(rows):
    return forms.Textarea(attrs={"rows": rows})


def _label(model, name):
    """The model field's own (translated) name, so that a form field and a model field read alike."""
    return capfirst(model._meta.get_field(name).verbose_name)


class WorkPlanForm(forms.ModelForm):
    attachment = forms.FileField(label=_label(WorkPlan, "attachment"), required=False)
    remove_attachment = forms.BooleanField(label=_("Remove the attached document"), required=False)

    class Meta:
        model = WorkPlan
        fields = WORK_PLAN_FIELDS
        widgets = {
            "meeting_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "meeting_attendees": _textarea(2),
            "meeting_decisions": _textarea(4),
            "risk_analysis": _textarea(5),
            "control_measures": _textarea(5),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].help_text = gettext(
            "Optional. A PDF, Word document or JPEG/PNG image of at most %(max)s MB."
        ) % {"max": MAX_DOCUMENT_BYTES // 1024 // 1024}

    def clean_attachment(self):
        upload = self.cleaned_data["attachment"]
        if upload:
            validate_document(upload)
        return upload

    def plan_data(self):
        return {field: self.cleaned_data[field] for field in WORK_PLAN_FIELDS}


class ResponsibilityForm(forms.Form):
    """One row of the table. Every column may be blank so that an untouched row is no error."""

    post = forms.CharField(label=_label(Responsibility, "post"), max_length=50, required=False)
    person = forms.CharField(label=_label(Responsibility, "person"), max_length=50, required=False)
    duties = forms.CharField(label=_label(Responsibility, "duties"), widget=_textarea(2), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE") or not self.values():
            return cleaned
        for name in ROW_FIELDS:
            if not cleaned.get(name) and name not in self.errors:
                column = Responsibility._meta.get_field(name).verbose_name
                self.add_error(
                    name, gettext("Fill in the %(column)s too, or clear the whole row.") % {"column": column}
                )
        return cleaned

    def values(self):
        """The row as typed, or {} when every column is blank."""
        row = {name: self.cleaned_data.get(name, "") for name in ROW_FIELDS}
        return row if any(row.values()) else {}


class BaseResponsibilityFormSet(forms.BaseFormSet):
    def rows(self):
        """The table in the order shown, without deleted and blank rows. Call after is_valid()."""
        return [form.values() for form in self.forms if not form.cleaned_data.get("DELETE") and form.values()]


ResponsibilityFormSet = forms.formset_factory(
    ResponsibilityForm,
    formset=BaseResponsibilityFormSet,
    extra=3,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_ROWS,
    validate_max=True,
)


def responsibility_formset(work_plan, data=None):
    if data is not None:
        # Bound, the rows are what was posted. Without `initial`, an extra row counts as filled in
        # when anything was typed in it — not when it differs from whatever is in the table now.
        return ResponsibilityFormSet(data, prefix=PREFIX)
    initial = [{name: getattr(row, name) for name in ROW_FIELDS} for row in work_plan.responsibilities.all()]
    return ResponsibilityFormSet(initial=initial, prefix=PREFIX)


def work_plan_form(work_plan, data=None, files=None):
    return WorkPlanForm(data, files, initial=model_to_dict(work_plan, fields=WORK_PLAN_FIELDS))


class SummaryForm(forms.ModelForm):
    class Meta:
        model = Summary
        fields = ("narrative", *Summary.FIGURES)
        widgets = {
            "narrative": _textarea(10),
            **{figure: forms.NumberInput(attrs={"inputmode": "numeric"}) for figure in Summary.FIGURES},
        }
        help_texts = {"narrative": _("What the school did during the campaign, what worked, what remains.")}

    def figure_fields(self):
        return [self[name] for name in Summary.FIGURES]

    def summary_data(self):
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


def summary_form(summary, data=None):
    return SummaryForm(data, initial=model_to_dict(summary, fields=SummaryForm.Meta.fields))
