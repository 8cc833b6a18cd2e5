from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from .enums import BUREAU_ROLES, SCHOOL_ROLES, Role
from .models import School
from .validators import normalise_phone, validate_phone

MAX_IMPORT_BYTES = 5 * 1024 * 1024


def _helper(label):
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class SchoolForm(forms.ModelForm):
    class Meta:
        model = School
        fields = ["code", "name", "kind", "address", "principal_name", "phone", "reopened", "is_active"]
        help_texts = {
            "reopened": _("Untick for a school that has not reopened yet (online classes)."),
        }

    def __init__(self, *args, bureau, **kwargs):
        super().__init__(*args, **kwargs)
        self.bureau = bureau
        self.helper = _helper(_("Save"))

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data["phone"])
        validate_phone(phone)
        return phone

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        clash = School.objects.filter(bureau=self.bureau, code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another school of this bureau already uses this code."))
        return code


class SchoolImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("First row: headers. Existing codes are updated, new codes are added."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Import"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        # An .xlsx is a zip archive: check the content, not the name.
        if upload.read(4) != b"PK\x03\x04":
            raise forms.ValidationError(_("The file is not a valid Excel workbook (.xlsx)."))
        upload.seek(0)
        return upload


class MemberFormMixin:
    """Shared validation: the role decides whether the account belongs to the bureau or a school."""

    def _setup(self, schools):
        self.fields["school"].queryset = schools
        self.fields["school"].required = False
        self.fields["phone"].validators.append(validate_phone)

    def clean(self):
        cleaned = super().clean()
        role, school = cleaned.get("role"), cleaned.get("school")
        if role in SCHOOL_ROLES and school is None:
            self.add_error("school", _("Choose the school this person works at."))
        if role in BUREAU_ROLES and school is not None:
            self.add_error("school", _("Bureau roles belong to the bureau: leave the school empty."))
        return cleaned


class MemberCreateForm(MemberFormMixin, forms.Form):
    username = forms.CharField(label=_("Login name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none())
    password1 = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Repeat password"), widget=forms.PasswordInput)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup(schools)
        self.helper = _helper(_("Create account"))

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This login name is taken."))
        return username

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            user = get_user_model()(
                username=cleaned.get("username", ""), full_name=cleaned.get("full_name", "")
            )
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class MemberUpdateForm(MemberFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none())
    is_active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("Untick to stop this person logging in.")
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup(schools)
        self.helper = _helper(_("Save"))
