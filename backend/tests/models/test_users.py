"""The email case rule (`email_key`), on its own: one key for every spelling of an email."""

import sys
import unicodedata

import pytest

from app.models.users import email_key


@pytest.mark.parametrize(
    ("spelling", "same_as"),
    [
        # Compatibility characters: they fold only through the compatibility pass.
        ("ℌx@example.com", "hx@example.com"),  # black-letter capital H
        ("ℍx@example.com", "hx@example.com"),  # double-struck capital H
        ("ϒ@example.com", "υ@example.com"),  # Greek upsilon with hook symbol
        ("ϓ@example.com", "ύ@example.com"),
        ("Ⅻ@example.com", "xii@example.com"),  # Roman numeral twelve
        ("ﬁnn@example.com", "finn@example.com"),  # ligature
        ("Ｍａｘ@example.com", "max@example.com"),  # full-width letters
        # The Turkish i: the dotless ı and the dotted İ fold into i.
        ("ılgın@example.com", "ilgin@example.com"),
        ("IlGıN@example.com", "ilgin@example.com"),
        ("İlker@example.com", "ilker@example.com"),
        ("i\u0307lker@example.com", "ilker@example.com"),
        # Full case folding and canonical equivalence.
        ("STRAẞE@example.com", "strasse@example.com"),
        ("ΣΟΦΙΑΣ@example.com", "σοφιας@example.com"),
        ("E\u0301lise@example.com", "élise@example.com"),
    ],
)
def test_spellings_of_one_email_have_one_key(spelling: str, same_as: str) -> None:
    assert email_key(spelling) == email_key(same_as)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("hx@example.com", "nx@example.com"),
        ("ilgin@example.com", "ilgın.x@example.com"),
        ("e@example.com", "é@example.com"),  # an accent is part of the letter
    ],
)
def test_different_emails_keep_different_keys(one: str, other: str) -> None:
    assert email_key(one) != email_key(other)


def test_a_key_is_its_own_key_for_every_character() -> None:
    # Folding a key again changes nothing: no character is left half folded (dropping the
    # compatibility pass leaves 638 of them so, ℌ among them: "ℌ" -> "H" -> "h").
    unstable = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) not in ("Cs", "Cn")
        and email_key(email_key(chr(code))) != email_key(chr(code))
    ]
    assert unstable == []
