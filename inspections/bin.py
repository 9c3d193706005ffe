"""Business identification number (БСН/БИН) validation — pure."""

import re

_W1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def check_digit(first11: str) -> int | None:
    """The 12th digit for 11 digits, or None when no valid digit exists."""
    digits = [int(c) for c in first11]
    value = sum(d * w for d, w in zip(digits, _W1, strict=True)) % 11
    if value == 10:
        value = sum(d * w for d, w in zip(digits, _W2, strict=True)) % 11
    return None if value == 10 else value


def is_valid_bin(value: str) -> bool:
    """12 digits whose last one is the checksum of the first eleven (R1.1 registry)."""
    if not re.fullmatch(r"\d{12}", value or ""):
        return False
    return check_digit(value[:11]) == int(value[11])


def complete_bin(first11: str) -> str | None:
    """Append the check digit to 11 digits (None if the prefix has no valid digit)."""
    digit = check_digit(first11)
    return None if digit is None else first11 + str(digit)


def is_valid_iin(value: str) -> bool:
    """Individual identification number (ЖСН/ИИН): 12 digits, the first six the date of
    birth (YYMMDD), the seventh the century and sex (0–6), the last the same checksum as a
    BIN's (issue 16: the IIN on the account is what a signing certificate must carry)."""
    if not re.fullmatch(r"\d{12}", value or ""):
        return False
    month, day = int(value[2:4]), int(value[4:6])
    if not (1 <= month <= 12 and 1 <= day <= 31) or value[6] not in "0123456":
        return False
    return check_digit(value[:11]) == int(value[11])
