"""Forms of the inspections app: starting an inspection, filling it in on a phone, checklists."""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import PHOTO_TYPES, MultipleFileField, MultipleFileInput
from common.images import process_photo, validate_photo
from plans.enums import FocusArea
from plans.selectors import campaigns_for_user
from schools.enums import Role
from schools.selectors import school_people, schools_for_user

from .enums import InspectionKind, ItemResult
from .models import ChecklistItem, ChecklistTemplate, InspectionItem


class _StartForm(forms.Form):
    """What every inspection needs: a date, the areas, the team, optionally the campaign."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    areas = forms.MultipleChoiceField(
        label=_("Areas covered"),
        choices=FocusArea.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose at least one area to inspect.")},
    )
    team = forms.CharField(
        label=_("Team members"),
        max_length=300,
        required=False,
        help_text=_("Names, separated by commas."),
    )
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["campaign"].queryset = campaigns_for_user(user).order_by("-start_date", "-pk")

    def start_data(self):
        """Keyword arguments for `services.inspection_start`, apart from school and `by`."""
        data = self.cleaned_data
        return {
            "date": data["date"],
            "areas": data["areas"],
            "team": data["team"],
            "campaign": data["campaign"],
        }


class SelfInspectionForm(_StartForm):
    """A school's self-inspection, led by its principal (一把手) in person."""

    leader = forms.ModelChoiceField(
        label=_("Led by"),
        queryset=None,
        help_text=_("A self-inspection is led by the school's principal."),
    )
    field_order = ["date", "leader", "team", "areas", "campaign"]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        principals = school_people(school=school).filter(role=Role.PRINCIPAL).values("user_id")
        leader = self.fields["leader"]
        leader.queryset = get_user_model().objects.filter(pk__in=principals).order_by("full_name", "pk")
        leader.label_from_instance = lambda user: user.get_full_name() or user.get_username()
        choices = list(leader.queryset)
        if len(choices) == 1:  # the usual case: one principal, already chosen
            leader.initial = choices[0].pk
            leader.empty_label = None
        self.has_principal = bool(choices)

    def start_data(self):
        leader = self.cleaned_data["leader"]
        return {**super().start_data(), "kind": InspectionKind.SELF, "leader": leader}


class BureauInspectionForm(_StartForm):
    """A bureau's special inspection or unannounced visit (暗查暗访) of one of its schools."""

    kind = forms.ChoiceField(
        label=_("Inspection type"),
        choices=[(k.value, k.label) for k in (InspectionKind.BUREAU, InspectionKind.UNANNOUNCED)],
        widget=forms.RadioSelect,
        initial=InspectionKind.BUREAU,
    )
    school = forms.ModelChoiceField(label=_("School"), queryset=None)
    leader_name = forms.CharField(label=_("Leader"), max_length=50)
    field_order = ["kind", "school", "date", "leader_name", "team", "areas", "campaign"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["school"].queryset = schools_for_user(user).filter(is_active=True).order_by("code")
        self.fields["leader_name"].initial = user.get_full_name()

    def start_data(self):
        data = self.cleaned_data
        return {**super().start_data(), "kind": data["kind"], "leader_name": data["leader_name"]}


class PhotosField(MultipleFileField):
    """Photos of one check item, each checked by its content. The count is capped for the whole
    page by DATA_UPLOAD_MAX_NUMBER_FILES, which the page warns about."""

    def __init__(self, **kwargs):
        super().__init__(
            check=validate_photo, max_files=settings.DATA_UPLOAD_MAX_NUMBER_FILES,
            too_many=_("Add at most %(max)s photos."), accept=PHOTO_TYPES, **kwargs,
        )  # fmt: skip


@dataclass
class FillRow:
    number: int
    item: InspectionItem
    result: forms.BoundField
    note: forms.BoundField
    photos: forms.BoundField

    @property
    def errors(self):
        return [*self.result.errors, *self.note.errors, *self.photos.errors]

    @property
    def hidden_initial(self):
        # What the page showed when it was loaded: only what this phone changed is saved, so two
        # inspectors walking different parts of the school do not overwrite each other's results.
        return self.result.as_hidden(only_initial=True) + self.note.as_hidden(only_initial=True)


class InspectionFillForm(forms.Form):
    """Per item: `r<pk>` pass / fail / not applicable, `n<pk>` a note, `p<pk>` photos."""

    summary = forms.CharField(
        label=_("Overall findings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control mb-2"}),
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"r{item.pk}"] = forms.ChoiceField(
                label=item.text,
                choices=ItemResult.choices,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                initial=item.result,
                show_hidden_initial=True,
            )
            self.fields[f"n{item.pk}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(
                    attrs={"rows": 1, "class": "form-control inspection-note", "placeholder": _("Note")}
                ),
                initial=item.note,
                show_hidden_initial=True,
            )
            # On a phone the button opens the camera straight away; the input itself stays hidden.
            camera = {
                "accept": "image/*",
                "capture": "environment",
                "class": "visually-hidden",
                "multiple": True,
            }
            self.fields[f"p{item.pk}"] = PhotosField(
                label=_("Photos"), widget=MultipleFileInput(attrs=camera)
            )

    def rows(self):
        return [
            FillRow(number, item, self[f"r{item.pk}"], self[f"n{item.pk}"], self[f"p{item.pk}"])
            for number, item in enumerate(self.items, start=1)
        ]

    def areas(self):
        """The rows grouped by focus area, in the inspection's order: [(label, rows), …]."""
        groups = {}
        for row in self.rows():
            groups.setdefault(row.item.area, []).append(row)
        return [(FocusArea(area).label, rows) for area, rows in groups.items()]

    def error_rows(self):
        return [row for row in self.rows() if row.errors]

    def results(self):
        """item pk → (result, note) for the items whose result or note this page changed."""
        changed = set(self.changed_data)
        results = {}
        for item in self.items:
            result_field, note_field = f"r{item.pk}", f"n{item.pk}"
            if result_field not in changed and note_field not in changed:
                continue
            result = self.cleaned_data[result_field] if result_field in changed else item.result
            note = self.cleaned_data[note_field] if note_field in changed else item.note
            results[item.pk] = (result, note)
        return results

    def photos(self):
        """item pk → photos re-encoded for storage (`common.images.Photo`)."""
        photos = {}
        for item in self.items:
            uploads = self.cleaned_data[f"p{item.pk}"]
            if uploads:
                photos[item.pk] = [process_photo(upload) for upload in uploads]
        return photos

    def next_anchor(self, results):
        """Where the inspector carries on: the first item without a result after the last one
        changed now (else the first unchecked at all); `finish` once every item has a result."""
        current = {item.pk: results.get(item.pk, (item.result, None))[0] for item in self.items}
        order = [item.pk for item in self.items]
        start = max((order.index(pk) + 1 for pk in results), default=0)
        for pk in order[start:] + order[:start]:
            if not current[pk]:
                return f"item-{pk}"
        return "finish"


class FinishForm(forms.Form):
    summary = forms.CharField(
        label=_("Overall findings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control mb-2"}),
    )


TITLE_LENGTH = ChecklistTemplate._meta.get_field("title").max_length
ITEM_LENGTH = ChecklistItem._meta.get_field("text").max_length


class ChecklistForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_LENGTH)
    items = forms.CharField(
        label=_("Check items"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("One check item per line. Blank lines are ignored."),
    )

    def clean_items(self):
        lines = [line.strip() for line in self.cleaned_data["items"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise forms.ValidationError(_("Write at least one check item."), code="required")
        limit = ITEM_LENGTH
        too_long = [str(number) for number, line in enumerate(lines, start=1) if len(line) > limit]
        if too_long:
            raise forms.ValidationError(
                _("Items %(numbers)s are longer than %(limit)s characters."),
                code="max_length",
                params={"numbers": ", ".join(too_long), "limit": limit},
            )
        return lines
