"""Password rules beyond Django's own (length, common passwords, likeness to the account's details).

The defaults meet what China's MLPS level 2 (等保二级) asks of a password: at least 8 characters mixing
at least three of the four kinds below. `PASSWORD_MIN_LENGTH` and `PASSWORD_MIN_CLASSES` change them.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

KINDS = 4


def character_classes(password):
    """How many kinds of character the password mixes: capitals, small letters, digits, others."""
    return sum(
        (
            any(char.isupper() for char in password),
            any(char.islower() for char in password),
            any(char.isdigit() for char in password),
            # Punctuation, spaces and any other script (Chinese characters too) count as symbols.
            any(not (char.isupper() or char.islower() or char.isdigit()) for char in password),
        )
    )


class CharacterClassesValidator:
    """Refuse a password that mixes fewer than `min_classes` of the four kinds of character."""

    def __init__(self, min_classes=3):
        self.min_classes = max(1, min(int(min_classes), KINDS))

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(self._requirement(), code="password_too_simple")

    def get_help_text(self):
        return self._requirement()

    def _requirement(self):
        return ngettext(
            "Your password must mix at least %(count)d of these kinds of character: capital letters, "
            "small letters, digits and symbols.",
            "Your password must mix at least %(count)d of these kinds of character: capital letters, "
            "small letters, digits and symbols.",
            self.min_classes,
        ) % {"count": self.min_classes}
