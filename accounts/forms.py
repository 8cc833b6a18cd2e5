from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Login name")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Log in"), css_class="w-100"))


class CodeForm(forms.Form):
    """A code from the user's authenticator app, for `device`.

    `accept(code)` is what the code unlocks (log-in, setting up, turning off): it checks the code and
    acts, returning False for a wrong code. Valid means it was accepted.
    """

    code = forms.CharField(
        label=_("Verification code"),
        max_length=10,
        help_text=_("The 6-digit code your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )

    def __init__(self, *args, device, accept, **kwargs):
        super().__init__(*args, **kwargs)
        self.device, self.accept = device, accept

    def clean_code(self):
        code = self.cleaned_data["code"]
        wait = services.code_wait_seconds(self.device)
        if wait:
            raise forms.ValidationError(
                ngettext(
                    "Too many wrong codes. Try again in %(seconds)d second.",
                    "Too many wrong codes. Try again in %(seconds)d seconds.",
                    wait,
                )
                % {"seconds": wait},
                code="throttled",
            )
        if not self.accept(code):
            raise forms.ValidationError(
                _("This code is not right. Enter the code your app shows now; each code works once."),
                code="wrong_code",
            )
        return code
