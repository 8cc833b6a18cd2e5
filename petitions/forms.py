"""Forms of backlog petition cases (R7.1): the case and its plan's milestones, progress notes, and the
steps of its workflow. The forms check what was typed and word the errors; the views hand the
cleaned values to `petitions.services`, which check the state once more when they write.
"""

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from plans.forms import DateInput
from schools.models import School
from schools.selectors import schools_for_user
from schools.validators import validate_phone

from .models import Milestone, PetitionCase, ProgressNote
from .services import CASE_FIELDS

MAX_MILESTONES = 20
MILESTONE_PREFIX = "milestones"


def _label(name, model=PetitionCase):
    """The model field's own (translated) name, so that the form and the record read alike."""
    return capfirst(model._meta.get_field(name).verbose_name)


def _text(name, *, rows=3, required=True, model=PetitionCase, **kwargs):
    return forms.CharField(
        label=_label(name, model), widget=forms.Textarea(attrs={"rows": rows}), required=required, **kwargs
    )


def _not_in_future(form, name, today):
    value = form.cleaned_data.get(name)
    if value and value > today:
        form.add_error(name, gettext("This date is in the future."))


class CaseForm(forms.Form):
    """A case: what it is about, who petitions, who answers for it and the plan.

    A bureau user chooses the school; a principal records for the principal's own school and gets no
    school field. Editing a case (`case`) never moves it to another school.
    """

    school = forms.ModelChoiceField(label=_label("school"), queryset=School.objects.none())
    subject = forms.CharField(label=_label("subject"), max_length=200)
    parties = forms.CharField(
        label=_label("parties"), max_length=200, help_text=_("Who petitions, e.g. 张某某等3名家长.")
    )
    contact_phone = forms.CharField(
        label=_label("contact_phone"), max_length=20, required=False, validators=[validate_phone],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        help_text=_("Shown in full only on the case's page; lists and exports mask it."),
    )  # fmt: skip
    received_on = forms.DateField(label=_label("received_on"), widget=DateInput())
    details = _text("details", rows=3, required=False)
    leader = forms.CharField(
        label=_label("leader"), max_length=50, help_text=_("The leader who answers for the case (包案领导).")
    )
    responsible_unit = forms.CharField(label=_label("responsible_unit"), max_length=100)
    plan = _text("plan", rows=4)

    def __init__(self, data=None, *, user, membership, case=None, today=None):
        self.today = today or timezone.localdate()
        self.for_bureau = membership.is_bureau and case is None
        initial = {"received_on": self.today}
        if case is not None:
            initial = {name: getattr(case, name) for name in CASE_FIELDS}
        elif not membership.is_bureau:
            initial["responsible_unit"] = membership.school.name
        super().__init__(data, initial=initial)
        if self.for_bureau:
            self.fields["school"].queryset = schools_for_user(user).filter(is_active=True).order_by("code")
        else:
            del self.fields["school"]

    def clean(self):
        cleaned = super().clean()
        _not_in_future(self, "received_on", self.today)
        return cleaned

    def details_data(self):
        return {name: self.cleaned_data[name] for name in CASE_FIELDS}


class MilestoneForm(forms.Form):
    """One row of the plan's milestones. Both columns may be blank so that an untouched row is no error."""

    title = forms.CharField(label=_label("title", Milestone), max_length=200, required=False)
    due_date = forms.DateField(label=_label("due_date", Milestone), widget=DateInput(), required=False)

    def clean(self):
        cleaned = super().clean()
        title, due = cleaned.get("title", "").strip(), cleaned.get("due_date")
        if title and not due and "due_date" not in self.errors:
            self.add_error("due_date", gettext("Give the milestone a due date, or clear the row."))
        if due and not title:
            self.add_error("title", gettext("Say what is to be done by that date, or clear the row."))
        return cleaned

    def values(self):
        row = {
            "title": self.cleaned_data.get("title", "").strip(),
            "due_date": self.cleaned_data.get("due_date"),
        }
        return row if row["title"] or row["due_date"] else {}


class BaseMilestoneFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.rows():
            raise forms.ValidationError(gettext("Add at least one milestone with its due date."))

    def rows(self):
        """The milestones typed, in the order shown, without blank rows. Call after is_valid()."""
        return [form.values() for form in self.forms if form.values()]


MilestoneFormSet = forms.formset_factory(
    MilestoneForm, formset=BaseMilestoneFormSet, extra=3, max_num=MAX_MILESTONES, validate_max=True
)


def milestone_formset(data=None):
    return MilestoneFormSet(data, prefix=MILESTONE_PREFIX)


class MilestoneAddForm(forms.Form):
    title = forms.CharField(label=_label("title", Milestone), max_length=200)
    due_date = forms.DateField(label=_label("due_date", Milestone), widget=DateInput())


DONE, NOT_DONE = "1", "0"


class MilestoneMarkForm(forms.Form):
    done = forms.TypedChoiceField(
        choices=[(DONE, _("Done")), (NOT_DONE, _("Not done"))], coerce=lambda value: value == DONE
    )


class NoteForm(forms.Form):
    happened_on = forms.DateField(label=_label("happened_on", ProgressNote), widget=DateInput())
    text = _text("text", rows=3, model=ProgressNote)

    def __init__(self, data=None, *, today=None):
        self.today = today or timezone.localdate()
        super().__init__(data, initial={"happened_on": self.today})

    def clean(self):
        cleaned = super().clean()
        _not_in_future(self, "happened_on", self.today)
        return cleaned


class ResolveForm(forms.Form):
    resolution = _text("resolution", rows=3)


class CloseForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why it is reopened"), widget=forms.Textarea(attrs={"rows": 2}))
