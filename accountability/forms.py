"""Forms of the accountability ledger and the notices: what the bureau types, checked and worded.
The views hand the cleaned values to `accountability.services`, which check once more when they write.
"""

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.forms import MultipleFileField
from common.images import process_photo, validate_photo
from common.uploads import sniff_document, validate_document
from plans.forms import DateInput
from plans.selectors import campaigns_for_user
from schools.selectors import schools_for_user

from . import evidence, selectors
from .enums import ActionKind, EntryState
from .services import Attachment

MAX_ATTACHMENTS = 9
ATTACHMENT_TYPES = "application/pdf,image/jpeg,image/png,image/heic,image/heif"
# Radio buttons drawn as big buttons (Bootstrap's btn-check): one tap each on a phone.
_BUTTONS = forms.RadioSelect(attrs={"class": "btn-check"})
_CHECKS = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


class TargetForm(forms.Form):
    """First step of recording an entry: the school it is against, and the campaign if any (sent by
    GET, so that the evidence offered next is the school's)."""

    school = forms.ModelChoiceField(label=_("School"), queryset=None, empty_label=_("Choose a school"))
    campaign = forms.ModelChoiceField(
        label=_("Campaign, if any"), queryset=None, required=False, empty_label=_("No particular campaign")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_for_user(user).filter(is_active=True).order_by("code")
        self.fields["school"].label_from_instance = lambda school: f"{school.code} {school.name}"
        self.fields["campaign"].queryset = campaigns_for_user(user).order_by("-start_date", "-pk")

    def clean(self):
        cleaned = super().clean()
        school, campaign = cleaned.get("school"), cleaned.get("campaign")
        if school and campaign and not campaign.schools.filter(pk=school.pk).exists():
            self.add_error("campaign", gettext("This campaign does not cover the school."))
        return cleaned


class EvidenceField(forms.ModelMultipleChoiceField):
    """Records of one kind to tick; each reads as `evidence.describe` says."""

    def __init__(self, name, queryset, now):
        super().__init__(queryset=queryset, required=False, widget=_CHECKS, label=evidence.HEADINGS[name])
        self.evidence_name, self.now = name, now

    def label_from_instance(self, obj):
        return evidence.describe(self.evidence_name, obj, self.now)


class EntryForm(forms.Form):
    """An action against a school: its kind, date and text, and the records that justify it."""

    kind = forms.ChoiceField(label=_("Action taken"), choices=ActionKind.choices, widget=_BUTTONS)
    date = forms.DateField(label=_("Action date"), widget=DateInput())
    text = forms.CharField(
        label=_("What was found and decided"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000,
        error_messages={"required": _("Say what was found and what was decided.")},
    )  # fmt: skip

    def __init__(self, *args, user, school, campaign=None, corrects=None, now=None, **kwargs):
        self.now = now or timezone.now()
        self.school, self.campaign, self.corrects = school, campaign, corrects
        initial = {"date": timezone.localdate(self.now)}
        if corrects is not None:
            initial |= {"kind": corrects.kind, "text": corrects.text}
            initial |= {name: list(getattr(corrects, name).all()) for name, _heading in evidence.KINDS}
        super().__init__(*args, initial=initial, **kwargs)
        candidates = selectors.evidence_candidates(
            user=user, school=school, campaign=campaign, keep=corrects, now=self.now
        )
        for name, _heading in evidence.KINDS:
            self.fields[name] = EvidenceField(name, candidates[name], self.now)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate(self.now):
            raise ValidationError(gettext("The date cannot be in the future."))
        return date

    def evidence_groups(self):
        """(bound field, [(checkbox, link to the record)]) per kind of evidence, for the template."""
        groups = []
        for name, heading in evidence.KINDS:
            bound = self[name]
            choices = [(box, evidence.url(name, box.data["value"].instance, self.school)) for box in bound]
            groups.append((name, heading, bound, choices))
        return groups

    def record_data(self):
        data = {name: self.cleaned_data[name] for name, _heading in evidence.KINDS}
        return {"kind": self.cleaned_data["kind"], "date": self.cleaned_data["date"],
                "text": self.cleaned_data["text"], **data}  # fmt: skip


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the entry withdrawn?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        error_messages={"required": _("Say why the entry is withdrawn.")},
    )  # fmt: skip


# --- Notices --------------------------------------------------------------------------------------


def validate_attachment(upload):
    """A PDF (by its content, at most 10 MB) or a real JPEG/PNG/HEIC photo; nothing else."""
    if sniff_document(upload) == "pdf":
        validate_document(upload)
        return
    try:
        validate_photo(upload)
    except ValidationError as error:
        if error.error_list[0].code == "too_large":
            raise
        raise ValidationError(
            _("Only PDF files or JPEG, PNG or HEIC photos can be attached."), code="bad_type"
        ) from error


def prepare(upload):
    """A checked upload ready to store: a PDF as it came, a photo re-encoded without its metadata."""
    if sniff_document(upload) == "pdf":
        return Attachment(name=upload.name, file=upload)
    photo = process_photo(upload)
    suffix = PurePath(photo.image.name).suffix
    return Attachment(
        name=f"{PurePath(upload.name).stem}{suffix}", file=photo.image, thumbnail=photo.thumbnail
    )


class CampaignChoiceForm(forms.Form):
    """First step of writing a notice: the campaign whose schools will read it."""

    campaign = forms.ModelChoiceField(
        label=_("The campaign whose schools read it"), queryset=None, empty_label=_("Choose a campaign")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns_for_user(user).order_by("-start_date", "-pk")


class EntryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, entry):
        state = f" · {entry.get_state_display()}" if entry.state != EntryState.IN_FORCE else ""
        return f"{entry.date:%Y-%m-%d} · {entry.school.name} · {entry.get_kind_display()}{state}"


class NoticeForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Give the notice a title.")}
    )
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000,
        error_messages={"required": _("Write the text of the notice.")},
    )  # fmt: skip
    entries = EntryChoiceField(
        label=_("Ledger entries it refers to"), queryset=None, required=False, widget=_CHECKS,
        help_text=_("Every school of the campaign will read these entries with the notice."),
    )  # fmt: skip
    attachments = MultipleFileField(
        label=_("Attachments"), check=validate_attachment, max_files=MAX_ATTACHMENTS,
        too_many=_("Attach at most %(max)s files."), accept=ATTACHMENT_TYPES,
        help_text=_("PDF files, or JPEG, PNG or HEIC photos; at most 10 MB each."),
    )  # fmt: skip

    def __init__(self, *args, user, campaign, notice=None, **kwargs):
        if notice is not None:
            kwargs.setdefault(
                "initial", {"title": notice.title, "body": notice.body, "entries": list(notice.entries.all())}
            )
        super().__init__(*args, **kwargs)
        self.campaign, self.notice = campaign, notice
        entries = selectors.entries_for_user(user).filter(campaign=campaign)
        if notice is not None:  # an entry withdrawn since it was chosen stays choosable, marked so
            entries = entries.filter(pk__in=notice.entries.values("pk")) | entries.filter(
                state=EntryState.IN_FORCE
            )
        else:
            entries = entries.filter(state=EntryState.IN_FORCE)
        self.fields["entries"].queryset = entries.select_related("school").order_by("-date", "-pk")
        if notice is not None:
            self.fields["remove"] = forms.ModelMultipleChoiceField(
                label=_("Remove these attachments"), queryset=notice.attachments.all(), required=False,
                widget=_CHECKS,
            )  # fmt: skip
            self.fields["remove"].label_from_instance = lambda attachment: attachment.name

    def notice_data(self):
        data = {
            "title": self.cleaned_data["title"],
            "body": self.cleaned_data["body"],
            "entries": list(self.cleaned_data["entries"]),
            "attachments": [prepare(upload) for upload in self.cleaned_data["attachments"]],
        }
        if self.notice is not None:
            data["remove"] = list(self.cleaned_data.get("remove", ()))
        return data
