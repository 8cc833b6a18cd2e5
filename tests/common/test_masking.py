"""Masking of phone and ID numbers for lists and exports (common.masking)."""

import pytest

from common.masking import mask_id_number, mask_phone


def test_it_masks_the_middle_four_digits_of_a_mobile_number():
    assert mask_phone("13912345678") == "139****5678"


def test_it_ignores_spaces_in_a_phone_number():
    assert mask_phone(" 139 1234 5678 ") == "139****5678"


def test_it_keeps_the_length_of_a_landline_number():
    assert mask_phone("010-66668888") == "010*****8888"


@pytest.mark.parametrize(("value", "masked"), [("", ""), (None, ""), ("1234", "****"), ("12345", "***45")])
def test_it_shows_less_of_a_short_phone_number(value, masked):
    assert mask_phone(value) == masked


def test_it_keeps_only_the_last_four_characters_of_an_id_number():
    assert mask_id_number("11010519900307123X") == "**************123X"


def test_it_masks_a_short_id_number_entirely():
    assert mask_id_number("1234") == "****"
    assert mask_id_number("") == ""
    assert mask_id_number(None) == ""
