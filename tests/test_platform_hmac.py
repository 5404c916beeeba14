"""Person keys are HMAC-SHA256 of the identity, whatever the length of the secret or the letters of the identity."""
from __future__ import annotations

import hashlib
import hmac

import pandas as pd
import pytest

from cchc_analysis.platform.values import KEY_LENGTH, KEY_LETTERS, hmac_sha256_all, person_keys


@pytest.mark.parametrize("secret", [b"k" * 16, b"s" * 64, b"long-" * 40])
def test_all_digests_are_the_standard_hmac_sha256(secret):
    values = ["phone:0912345678", "name:nguyễn văn an|pnv", "", "email:an@gmail.com"]
    digests = hmac_sha256_all(secret, values)
    assert [digests[i * 32:(i + 1) * 32] for i in range(len(values))] == [
        hmac.new(secret, value.encode("utf-8"), hashlib.sha256).digest() for value in values]


def test_person_keys_spell_the_hmac_in_letters_and_leave_no_identity_blank():
    secret = b"0123456789abcdef" * 5
    keys = person_keys(pd.Series(["id:001", None, "id:001"], dtype="string"), secret)
    expected = hmac.new(secret, b"id:001", hashlib.sha256).hexdigest()[:KEY_LENGTH].translate(KEY_LETTERS)
    assert keys.tolist() == [expected, pd.NA, expected]

