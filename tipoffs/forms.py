"""Forms of the tip-offs: the public form (with its human check), the key, and the bureau's triage."""

import re

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.forms import PHOTO_TYPES, MultipleFileField
from common.images import MAX_PHOTO_BYTES, process_photo, validate_photo
from hazards.enums import HazardSeverity
from plans.enums import FocusArea
from plans.selectors import campaigns_for_user

from . import keys
from .enums import TipOffKind
from .selectors import AFTERMATH

MAX_PHOTOS = 6
PHONE = re.compile(r"^\+?[\d\s-]{5,20}$")
_BUTTONS = forms.RadioSelect(attrs={"class": "btn-check"})


class SumInput(CaptchaTextInput):
    """simple-captcha's math challenge: a sum drawn by our own server, so no outside service is
    needed; a numeric keyboard on phones, and a button for another sum (static/js/tipoffs.js)."""

    template_name = "tipoffs/widgets/sum.html"  # in the app: the form renderer reads app templates


def _sum_field():
    return CaptchaField(
        label=_("Human check: the answer to the sum in the picture"),
        widget=SumInput(
            attrs={"class": "form-control tipoff-captcha-answer", "inputmode": "numeric", "maxlength": "4"}
        ),
        error_messages={
            "invalid": _("That is not the answer to the sum. Here is a new sum: try again."),
            "required": _("Work out the sum in the picture and type the answer."),
            "incomplete": _("Work out the sum in the picture and type the answer."),
        },
    )


class TipOffForm(forms.Form):
    """What a member of the public reports. Name and phone are optional: leave them empty to stay
    anonymous. Only the bureau sees them."""

    kind = forms.ChoiceField(
        label=_("What is it about?"), choices=TipOffKind.choices, widget=_BUTTONS,
        error_messages={"required": _("Choose what it is about: a safety hazard, or wrongdoing.")},
    )  # fmt: skip
    description = forms.CharField(
        label=_("What did you see?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What, when, and who is in danger. Please do not write your own name here."),
        error_messages={"required": _("Say what you saw.")},
    )
    location = forms.CharField(
        label=_("Where at the school?"), max_length=200, required=False,
        help_text=_("For example: the east stairs of the teaching building."),
    )  # fmt: skip
    photos = MultipleFileField(
        label=_("Photos (optional)"), check=validate_photo, max_files=MAX_PHOTOS,
        too_many=_("Add at most %(max)s photos."), accept=PHOTO_TYPES,
    )  # fmt: skip
    reporter_name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    reporter_phone = forms.CharField(
        label=_("Your phone (optional)"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )  # fmt: skip
    captcha = _sum_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = gettext("JPEG, PNG or HEIC, at most %(max)s MB each.") % {
            "max": MAX_PHOTO_BYTES // 1024 // 1024
        }

    def clean_reporter_phone(self):
        phone = self.cleaned_data["reporter_phone"].strip()
        if phone and not PHONE.match(phone):
            raise ValidationError(
                gettext("Enter a phone number in digits, or leave it empty to stay anonymous."), code="phone"
            )
        return phone

    def filing(self):
        """Keyword arguments for `services.tipoff_file`, apart from the school."""
        cleaned = self.cleaned_data
        return {
            "kind": cleaned["kind"],
            "description": cleaned["description"],
            "location": cleaned["location"],
            "reporter_name": cleaned["reporter_name"],
            "reporter_phone": cleaned["reporter_phone"],
            "photos": [process_photo(upload) for upload in cleaned["photos"]],
        }


class KeyForm(forms.Form):
    key = forms.CharField(
        label=_("Report key"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "XXXX-XXXX-XXXX-XXXX",
                "class": "tipoff-key-input",
            }
        ),
        error_messages={"required": _("Type the report key you were given.")},
    )

    def clean_key(self):
        key = keys.normalised(self.cleaned_data["key"])
        if not key:
            raise ValidationError(
                gettext("A report key has 16 letters and digits, like 7K3M-Q9TX-2HPV-8RWD."), code="format"
            )
        return key


# --- The bureau's triage --------------------------------------------------------------------------

PUBLIC, INTERNAL = "public", "internal"


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Reply or note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the reply or the note.")},
    )  # fmt: skip
    visibility = forms.ChoiceField(
        choices=[(PUBLIC, _("Reply to the reporter")), (INTERNAL, _("Internal note"))]
    )

    @property
    def public(self):
        return self.cleaned_data["visibility"] == PUBLIC


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Why no action is taken (the reporter reads this)"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the tip-off is dismissed: the reporter reads it.")},
    )  # fmt: skip


class MakeHazardForm(forms.Form):
    """The hazard the school is given: worded by the bureau, so that nothing in it points at the
    reporter. The school owes the interim measures, the plan, the responsible person and the deadline."""

    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None, required=False)
    area = forms.ChoiceField(label=_("Focus area"), choices=BLANK_CHOICE_DASH + FocusArea.choices)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=HazardSeverity.choices, widget=_BUTTONS, initial=HazardSeverity.GENERAL
    )
    description = forms.CharField(
        label=_("The hazard as the school reads it"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Leave out anything that could point at the reporter."),
    )
    location = forms.CharField(label=_("Location"), max_length=200)
    share_photos = forms.BooleanField(
        label=_("Give the school the photos"), required=False, initial=True,
        help_text=_("Leave unticked if a photo could show who took it."),
    )  # fmt: skip

    def __init__(self, *args, user, tip_off, has_photos, **kwargs):
        # The campaign under way at the school when the tip-off came in, as the dashboard counts it.
        day = timezone.localdate(tip_off.received_at)
        campaigns = campaigns_for_user(user).order_by("-start_date", "-pk")
        current = (
            campaigns.filter(schools=tip_off.school, start_date__lte=day, closing_date__gte=day - AFTERMATH)
            .values_list("pk", flat=True)
            .first()
        )
        initial = {"campaign": current, "description": tip_off.description, "location": tip_off.location}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["campaign"].queryset = campaigns
        if not has_photos:
            del self.fields["share_photos"]

    def details(self):
        """`details` for `services.tipoff_make_hazard`."""
        return {
            name: self.cleaned_data[name]
            for name in ("campaign", "area", "description", "location", "severity")
        }

    @property
    def photos_shared(self):
        return self.cleaned_data.get("share_photos", False)
