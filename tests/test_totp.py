"""The code rules on their own, at fixed moments: drift, reuse, recovery codes."""

from datetime import UTC, datetime, timedelta

import pytest

from diary.services import totp
from tests.builders import TEST_TOTP_SECRET

# 12:00:00 UTC is the start of a 30-second step.
MOMENT = datetime(2026, 3, 2, 12, 0, 0, tzinfo=UTC)
STEP = int(MOMENT.timestamp()) // 30


def code(seconds_from_moment: int) -> str:
    return totp.code_at(TEST_TOTP_SECRET, MOMENT + timedelta(seconds=seconds_from_moment))


@pytest.mark.parametrize("offset, expected_step", [
    (0, STEP), (29, STEP), (-1, STEP - 1), (-30, STEP - 1),
    (-31, None), (30, None), (59, None), (60, None), (-300, None), (3600, None),
])
def test_a_code_counts_for_its_step_and_the_step_before(offset, expected_step):
    """At most 60 seconds: the current step plus one step of drift (a code typed just before
    its step ended); a code of the next step (a clock running ahead) is refused."""
    assert totp.matching_step(TEST_TOTP_SECRET, code(offset), MOMENT) == expected_step


@pytest.mark.parametrize("seconds_later, accepted", [
    (0, True), (29, True), (30, True), (59, True), (60, False), (89, False),
])
def test_a_shown_code_is_accepted_for_at_most_sixty_seconds(seconds_later, accepted):
    """The code the app shows at the start of a step, typed `seconds_later`."""
    moment = MOMENT + timedelta(seconds=seconds_later)
    step = totp.matching_step(TEST_TOTP_SECRET, code(0), moment)
    assert (step == STEP) is accepted and (step is None) is not accepted


@pytest.mark.parametrize("last_step, accepted", [
    (None, True), (STEP - 2, True), (STEP - 1, True), (STEP, False), (STEP + 1, False),
])
def test_only_a_step_after_the_last_accepted_one_counts(last_step, accepted):
    result = totp.accepted_step(TEST_TOTP_SECRET, code(0), MOMENT, last_step)
    assert (result == STEP) is accepted and (result is None) is not accepted


@pytest.mark.parametrize("text", ["", "12345", "1234567", "abcdef", "12 34 5x", "١٢٣٤٥٦"])
def test_malformed_codes_match_nothing(text):
    assert totp.matching_step(TEST_TOTP_SECRET, totp.clean_code(text), MOMENT) is None


def test_code_is_cleaned_of_spaces_and_dashes():
    assert totp.clean_code(" 123 456 ") == "123456"
    assert totp.clean_code("ABCDE-FGHJK") == "abcdefghjk"


def test_recovery_codes_are_random_readable_and_hashed_after_cleaning():
    codes = totp.new_recovery_codes(10)
    assert len(set(codes)) == 10
    for recovery in codes:
        first, second = recovery.split("-")
        assert len(first) == len(second) == 5
        assert set(first + second) <= set(totp.RECOVERY_ALPHABET)
        assert totp.hash_recovery_code(recovery) == totp.hash_recovery_code(
            recovery.upper().replace("-", " "))
        assert len(totp.hash_recovery_code(recovery)) == 64 and recovery not in (
            totp.hash_recovery_code(recovery))


def test_new_keys_are_long_and_different():
    keys = {totp.new_secret() for _ in range(5)}
    assert len(keys) == 5 and all(len(key) == 32 for key in keys)


def test_provisioning_link_names_the_issuer_and_account():
    uri = totp.provisioning_uri(TEST_TOTP_SECRET, "anna@example.com", "Headache diary")
    assert uri.startswith("otpauth://totp/Headache%20diary:anna%40example.com?")
    assert f"secret={TEST_TOTP_SECRET}" in uri and "issuer=Headache%20diary" in uri
