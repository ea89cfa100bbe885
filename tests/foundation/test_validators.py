import datetime

import pytest
from django.core.exceptions import ValidationError

from community.validators import birth_date_from_id, mask_id_number, mask_phone, validate_id_number, validate_mobile
from tests.factories import make_id_number


def test_valid_id_number_passes_and_yields_birth_date():
    number = make_id_number(datetime.date(1950, 10, 1), 123)
    validate_id_number(number)
    assert birth_date_from_id(number) == datetime.date(1950, 10, 1)


def test_published_example_id_number_with_x_check_digit():
    # GB 11643 worked example: 11010519491231002X.
    validate_id_number("11010519491231002X")
    validate_id_number("11010519491231002x")  # lower-case x is accepted and normalised


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("11010519491231002", "format"),  # 17 characters
        ("1101051949123100XX", "format"),
        ("110105194902300021", "birth_date"),  # 30 February
        ("110105194912310021", "checksum"),
    ],
)
def test_invalid_id_numbers_are_refused_with_a_reason(number, code):
    with pytest.raises(ValidationError) as error:
        validate_id_number(number)
    assert error.value.code == code


@pytest.mark.parametrize("phone", ["13812345678", "19912345678"])
def test_mainland_mobile_numbers_pass(phone):
    validate_mobile(phone)


@pytest.mark.parametrize("phone", ["12812345678", "1381234567", "138123456789", "0731-8888888"])
def test_other_numbers_are_refused(phone):
    with pytest.raises(ValidationError):
        validate_mobile(phone)


def test_masks_keep_only_the_ends():
    assert mask_id_number("110105194912310021") == "110***********0021"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number(None) == ""
