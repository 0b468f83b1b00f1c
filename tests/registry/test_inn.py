"""ИНН and ОГРН check digits on real registration numbers, and the model validators that use them."""
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from promkoop.registry.inn import inn_check_digits, is_valid_inn, is_valid_ogrn, ogrn_check_digit
from promkoop.registry.models import validate_inn, validate_ogrn


@pytest.mark.parametrize("inn", [
    pytest.param("7707083893", id="sberbank"),
    pytest.param("7736050003", id="gazprom"),
    pytest.param("500100732259", id="individual-12-digit"),
])
def test_real_inn_is_valid(inn):
    assert is_valid_inn(inn)


@pytest.mark.parametrize("inn", [
    pytest.param("7707083890", id="wrong-check-digit"),
    pytest.param("7736050004", id="wrong-check-digit-gazprom"),
    pytest.param("500100732258", id="wrong-second-check-digit-12"),
    pytest.param("500100732249", id="wrong-first-check-digit-12"),
    pytest.param("770708389", id="9-digits"),
    pytest.param("77070838931", id="11-digits"),
    pytest.param("7707083893000", id="13-digits"),
    pytest.param("77070838AB", id="letters"),
    pytest.param("7707 08389", id="space-inside"),
    pytest.param("７７０７０８３８９３", id="fullwidth-digits"),
    pytest.param("７707083893", id="fullwidth-digit-with-valid-check-digit"),
    pytest.param("0012345673", id="00-prefix-with-valid-check-digit"),
    pytest.param("", id="empty"),
    pytest.param(None, id="none"),
])
def test_invalid_inn_is_refused(inn):
    assert not is_valid_inn(inn)


def test_00_prefix_inn_is_refused_although_its_check_digit_is_right():
    body = "001234567"
    assert inn_check_digits(body) == "3"
    assert not is_valid_inn(body + "3")


@pytest.mark.parametrize("ogrn", [
    pytest.param("1027700132195", id="sberbank"),
    pytest.param("1027700070518", id="gazprom"),
    pytest.param("304500116000157", id="ogrnip-15-digit"),
])
def test_real_ogrn_is_valid(ogrn):
    assert is_valid_ogrn(ogrn)


@pytest.mark.parametrize("ogrn", [
    pytest.param("1027700132194", id="wrong-check-digit"),
    pytest.param("1027700070517", id="wrong-check-digit-gazprom"),
    pytest.param("304500116000158", id="wrong-check-digit-ogrnip"),
    pytest.param("102770013219", id="12-digits"),
    pytest.param("10277001321950", id="14-digits"),
    pytest.param("0027700132195", id="leading-zero"),
    pytest.param("10277001321O5", id="letter-o"),
    pytest.param("1０27700132195", id="fullwidth-digit-with-valid-check-digit"),
    pytest.param("", id="empty"),
    pytest.param(None, id="none"),
])
def test_invalid_ogrn_is_refused(ogrn):
    assert not is_valid_ogrn(ogrn)


@pytest.mark.parametrize(("function", "body"), [
    (inn_check_digits, "77070838"), (inn_check_digits, "77070838931"),
    (ogrn_check_digit, "10277001321"), (ogrn_check_digit, "1027700132195"),
])
def test_check_digit_functions_refuse_bodies_of_wrong_length(function, body):
    with pytest.raises(ValueError, match="digits"):
        function(body)


def test_model_validators_name_the_code_and_the_value():
    with pytest.raises(ValidationError) as inn_error:
        validate_inn("7707083890")
    with pytest.raises(ValidationError) as ogrn_error:
        validate_ogrn("1027700132194")

    assert inn_error.value.code == "invalid_inn" and "7707083890" in inn_error.value.messages[0]
    assert ogrn_error.value.code == "invalid_ogrn" and "1027700132194" in ogrn_error.value.messages[0]
    validate_inn("")  # blank is allowed: the number is optional
    validate_ogrn("")


inn_bodies = st.one_of(st.from_regex(r"[1-9][0-9]{8}", fullmatch=True),
                       st.from_regex(r"[1-9][0-9]{9}", fullmatch=True),
                       st.from_regex(r"0[1-9][0-9]{7}", fullmatch=True))


@given(body=inn_bodies, wrong=st.integers(min_value=1, max_value=9))
def test_inn_with_its_check_digits_is_valid_and_any_other_last_digit_is_not(body, wrong):
    inn = body + inn_check_digits(body)
    altered = inn[:-1] + str((int(inn[-1]) + wrong) % 10)

    assert is_valid_inn(inn)
    assert not is_valid_inn(altered)


ogrn_bodies = st.one_of(st.from_regex(r"[1-9][0-9]{11}", fullmatch=True),
                        st.from_regex(r"[1-9][0-9]{13}", fullmatch=True))


@given(body=ogrn_bodies, wrong=st.integers(min_value=1, max_value=9))
def test_ogrn_with_its_check_digit_is_valid_and_any_other_is_not(body, wrong):
    ogrn = body + ogrn_check_digit(body)
    altered = ogrn[:-1] + str((int(ogrn[-1]) + wrong) % 10)

    assert is_valid_ogrn(ogrn)
    assert not is_valid_ogrn(altered)


@given(position=st.integers(min_value=0, max_value=9), zero=st.sampled_from(["０", "٠", "۰", "०", "𝟎"]))
def test_a_valid_number_with_one_digit_from_another_script_is_refused(position, zero):
    """A "７" is a digit to int() and to the regex \\d, but has no place in a tax number."""
    for number, is_valid in (("7707083893", is_valid_inn), ("1027700132195", is_valid_ogrn)):
        lookalike = chr(ord(zero) + int(number[position]))
        assert not is_valid(number[:position] + lookalike + number[position + 1:])
