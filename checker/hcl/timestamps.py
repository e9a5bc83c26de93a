"""RFC 3339 timestamps and Go durations as Terraform's ``timeadd`` and ``formatdate`` read them.

Terraform (through go-cty) accepts only strict RFC 3339: ``YYYY-MM-DDThh:mm:ss``, an optional
fraction after a period, then ``Z`` or ``+hh:mm``/``-hh:mm``; the offset is kept as written (a
fixed zone, whatever the machine's time zone). What it rejects it explains by running Go's looser
layout parser over the text: :func:`_rejection` follows that parser step by step so the messages
are Terraform's. Durations are Go's ``time.ParseDuration``, arithmetic to the nanosecond, and a
result is printed as Go prints RFC 3339 (whole seconds, ``Z`` for a zero offset).
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.hcl.values import EvalError

_NS = 10**9
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


@dataclass(frozen=True)
class Timestamp:
    """An instant (UTC seconds since 1970 and nanoseconds) and the UTC offset it is shown in."""

    seconds: int
    nanos: int
    offset: int  # seconds east of UTC

    def add(self, nanoseconds: int) -> Timestamp:
        seconds, nanos = divmod(self.seconds * _NS + self.nanos + nanoseconds, _NS)
        return Timestamp(seconds, nanos, self.offset)

    def fields(self) -> tuple[int, int, int, int, int, int, int]:
        """Year, month, day, hour, minute, second and weekday (0 = Sunday) at its offset."""
        days, second_of_day = divmod(self.seconds + self.offset, 86400)
        year, month, day = _civil_from_days(days)
        hour, rest = divmod(second_of_day, 3600)
        minute, second = divmod(rest, 60)
        return year, month, day, hour, minute, second, (days + 4) % 7  # 1970-01-01: a Thursday

    def rfc3339(self) -> str:
        """As Go's ``Format(time.RFC3339)``: no fraction, ``Z`` for UTC, years past 9999 whole."""
        year, month, day, hour, minute, second, _ = self.fields()
        year_text = ("-" if year < 0 else "") + f"{abs(year):04d}"
        zone = _offset(self.offset, colon=True, utc="Z")
        return f"{year_text}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{zone}"


def _offset(offset: int, *, colon: bool, utc: str | None = None) -> str:
    if offset == 0 and utc is not None:
        return utc
    sign = "-" if offset < 0 else "+"
    hours, minutes = divmod(abs(offset) // 60, 60)
    return f"{sign}{hours:02d}{':' if colon else ''}{minutes:02d}"


# --- calendar (proleptic Gregorian, any year) -------------------------------------------------


def _days_from_civil(year: int, month: int, day: int) -> int:
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def _civil_from_days(days: int) -> tuple[int, int, int]:
    days += 719468
    era = days // 146097
    day_of_era = days - era * 146097
    year_of_era = (
        day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096
    ) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    month_index = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * month_index + 2) // 5 + 1
    month = month_index + (3 if month_index < 10 else -9)
    return year_of_era + era * 400 + (month <= 2), month, day


def _days_in(month: int, year: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


# --- parsing ----------------------------------------------------------------------------------


def parse_timestamp(text: str) -> Timestamp:
    """A strict RFC 3339 timestamp; EvalError with Terraform's explanation otherwise."""
    parsed = _parse_strict(text.encode("utf-8", "surrogateescape"))
    if parsed is None:
        raise EvalError(f"not a valid RFC3339 timestamp{_rejection(text)}")
    return parsed


def _digits(raw: bytes, low: int, high: int) -> int | None:
    if not raw or any(not 48 <= c <= 57 for c in raw):
        return None
    value = int(raw)
    return value if low <= value <= high else None


def _parse_strict(raw: bytes) -> Timestamp | None:
    """go-cty's ``parseRFC3339``."""
    if len(raw) < 19:
        return None
    year = _digits(raw[0:4], 0, 9999)
    month = _digits(raw[5:7], 1, 12)
    day = _digits(raw[8:10], 1, _days_in(month, year or 0) if month else 31)
    hour = _digits(raw[11:13], 0, 23)
    minute = _digits(raw[14:16], 0, 59)
    second = _digits(raw[17:19], 0, 59)
    if (
        year is None
        or month is None
        or day is None
        or hour is None
        or minute is None
        or second is None
        or raw[4:5] + raw[7:8] + raw[10:11] + raw[13:14] + raw[16:17] != b"--T::"
    ):
        return None
    rest = raw[19:]
    nanos = 0
    if len(rest) >= 2 and rest[0:1] == b"." and 48 <= rest[1] <= 57:
        end = 2
        while end < len(rest) and 48 <= rest[end] <= 57:
            end += 1
        nanos = int(rest[1:end][:9].ljust(9, b"0"))  # digits past the ninth are ignored
        rest = rest[end:]
    offset = 0
    if rest != b"Z":
        if len(rest) != 6 or rest[0:1] not in (b"+", b"-") or rest[3:4] != b":":
            return None
        zone_hours = _digits(rest[1:3], 0, 23)
        zone_minutes = _digits(rest[4:6], 0, 59)
        if zone_hours is None or zone_minutes is None:
            return None
        offset = (zone_hours * 60 + zone_minutes) * 60 * (-1 if rest[0:1] == b"-" else 1)
    days = _days_from_civil(year, month, day)
    seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset
    return Timestamp(seconds, nanos, offset)


def _rejection(text: str) -> str:
    """Why Terraform rejects ``text``: the message tail (": cannot use ... as month").

    Terraform runs Go's ``time.Parse(time.RFC3339, ...)`` for the explanation; that parser takes
    one layout element at a time (2006 - 01 - 02 T 15 : 04 : 05 Z07:00) and stops at the first
    that does not fit. Where it accepts what strict RFC 3339 does not, go-cty names the reason.
    """
    raw = text.encode("utf-8", "surrogateescape")
    failure = _go_layout_parse(raw)
    if failure is None:
        # Go's parser is looser than RFC 3339: go-cty's checks for what it lets through.
        if raw[12:13] == b":":
            return ": hour must have exactly two digits"
        if raw[19:20] == b",":
            return ': cannot use "," as timestamp segment'
        if raw.endswith(b"Z"):
            return f": cannot use {_go_quote(text)} as timestamp segment"
        return f": cannot use {_go_quote(_decode(raw[-6:]))} as UTC offset"  # +24:00, +05:60
    element, value = failure
    if element == "" and value == "":
        return ": day out of range"
    if element == "T":
        return ": missing required time introducer 'T'"
    if element in (":", "-"):
        if value == "":
            return f": end of string where {_go_quote(element)} is expected"
        return f": found {_go_quote(value)} where {_go_quote(element)} is expected"
    what = {
        "2006": "year",
        "01": "month",
        "02": "day of month",
        "15": "hour",
        "04": "minute",
        "05": "second",
        "Z07:00": "UTC offset",
    }.get(element, "timestamp segment")
    if value == "":
        return f": end of string before {what}"
    if what == "hour" and ":" in value:
        return ": hour must be between 0 and 23 inclusive"
    if what == "hour" and len(value.encode("utf-8", "surrogateescape")) != 2:
        return ": hour must have exactly two digits"
    if what == "minute" and len(value.encode("utf-8", "surrogateescape")) != 2:
        return ": minute must have exactly two digits"
    return f": cannot use {_go_quote(value)} as {what}"


def _go_layout_parse(raw: bytes) -> tuple[str, str] | None:
    """Go's ``time.Parse`` with the RFC 3339 layout: None if it accepts ``raw``, else the layout
    element it failed at and the text it was looking at (what ``time.ParseError`` carries)."""

    def two_digits(value: bytes, fixed: bool) -> tuple[int, bytes] | None:
        if not value[:1].isdigit():
            return None
        if not value[1:2].isdigit():
            return None if fixed else (value[0] - 48, value[1:])
        return (value[0] - 48) * 10 + value[1] - 48, value[2:]

    value = raw
    # 2006
    if len(value) < 4 or not value[:1].isdigit() or not value[:4].isdigit():
        return "2006", _decode(value)
    year, value = int(value[:4]), value[4:]
    numbers: list[int] = []
    for prefix, element, fixed, high in (
        (b"-", "01", True, 12),
        (b"-", "02", True, None),
        (b"T", "15", False, 23),
        (b":", "04", True, 59),
        (b":", "05", True, 59),
    ):
        if value[:1] != prefix:
            return prefix.decode(), _decode(value)
        value = value[1:]
        parsed = two_digits(value, fixed)
        if parsed is None:
            return element, _decode(value)
        number, value = parsed
        if (element == "01" and number == 0) or (high is not None and number > high):
            return element, _decode(value)  # out of range: Go shows what follows
        numbers.append(number)
    if len(value) >= 2 and value[:1] in (b".", b",") and value[1:2].isdigit():
        end = 2
        while end < len(value) and value[end : end + 1].isdigit():
            end += 1
        value = value[end:]
    # Z07:00
    if value[:1] == b"Z":
        value = value[1:]
    else:
        hold = value
        if len(value) < 6 or value[3:4] != b":":
            return "Z07:00", _decode(hold)
        sign, hours, minutes, value = value[:1], value[1:3], value[4:6], value[6:]
        if not (hours.isdigit() and len(hours) == 2):
            return "Z07:00", _decode(hold)
        if int(hours) > 24 or (minutes.isdigit() and len(minutes) == 2 and int(minutes) > 60):
            return "Z07:00", _decode(value)  # out of range: Go shows what follows
        if not (minutes.isdigit() and len(minutes) == 2) or sign not in (b"+", b"-"):
            return "Z07:00", _decode(hold)
    if value:
        return "", _decode(value)  # extra text
    month, day = numbers[0], numbers[1]
    if not 1 <= day <= _days_in(month, year):
        return "", ""  # day out of range
    return None


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _go_quote(text: str) -> str:
    """Go's ``%q`` of a string."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char in "\a\b\f\n\r\t\v":
            out.append(repr(char)[1:-1])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif not char.isprintable():
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


# --- durations --------------------------------------------------------------------------------

_UNITS = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,  # U+00B5 micro sign
    "μs": 1_000,  # U+03BC Greek mu
    "ms": 1_000_000,
    "s": _NS,
    "m": 60 * _NS,
    "h": 3600 * _NS,
}
_LIMIT = 1 << 63


def parse_duration(text: str) -> int:
    """Go's ``time.ParseDuration``, in nanoseconds (``"1h30m"``, ``"-1.5h"``, ``"250ms"``)."""
    invalid = EvalError(f"time: invalid duration {_time_quote(text)}")
    rest = text
    negative = False
    if rest[:1] in ("-", "+"):
        negative = rest[0] == "-"
        rest = rest[1:]
    if rest == "0":
        return 0
    if rest == "":
        raise invalid
    total = 0
    while rest:
        if not (rest[0] == "." or "0" <= rest[0] <= "9"):
            raise invalid
        end = 0
        while end < len(rest) and "0" <= rest[end] <= "9":
            end += 1
        whole_digits, rest = rest[:end], rest[end:]
        whole = int(whole_digits) if whole_digits else 0
        if whole > _LIMIT:
            raise invalid
        fraction, scale, fraction_digits = 0, 1.0, ""
        if rest[:1] == ".":
            rest = rest[1:]
            end = 0
            while end < len(rest) and "0" <= rest[end] <= "9":
                end += 1
            fraction_digits, rest = rest[:end], rest[end:]
            fraction, scale = _leading_fraction(fraction_digits)
        if not whole_digits and not fraction_digits:
            raise invalid
        end = 0
        while end < len(rest) and not (rest[end] == "." or "0" <= rest[end] <= "9"):
            end += 1
        if end == 0:
            raise EvalError(f"time: missing unit in duration {_time_quote(text)}")
        unit_name, rest = rest[:end], rest[end:]
        unit = _UNITS.get(unit_name)
        if unit is None:
            raise EvalError(
                f"time: unknown unit {_time_quote(unit_name)} in duration {_time_quote(text)}"
            )
        if whole > _LIMIT // unit:
            raise invalid
        value = whole * unit
        if fraction > 0:
            # Go adds the fraction in float64 ("to be nanosecond accurate for fractions of hours").
            value += int(float(fraction) * (float(unit) / scale))
            if value > _LIMIT:
                raise invalid
        total += value
        if total > _LIMIT:
            raise invalid
    if negative:
        return -total
    if total > _LIMIT - 1:
        raise invalid
    return total


def _leading_fraction(digits: str) -> tuple[int, float]:
    """The digits after a duration's period as Go keeps them: those that fit, and their scale."""
    value, scale, overflow = 0, 1.0, False
    for digit in digits:
        if overflow:
            continue
        if value > (_LIMIT - 1) // 10:
            overflow = True
            continue
        following = value * 10 + int(digit)
        if following > _LIMIT:
            overflow = True
            continue
        value = following
        scale *= 10
    return value, scale


def _time_quote(text: str) -> str:
    """Go's ``time`` package quoting: bytes outside printable ASCII as ``\\xNN``."""
    out = ['"']
    for char in text:
        if ord(char) >= 0x80 or char < " ":
            out.extend(f"\\x{byte:02x}" for byte in char.encode("utf-8", "surrogateescape"))
        else:
            out.append("\\" + char if char in '"\\' else char)
    out.append('"')
    return "".join(out)


# --- formatdate -------------------------------------------------------------------------------


def format_date(spec: str, stamp: Timestamp) -> str:
    """``formatdate``'s format language (go-cty's): letter runs are verbs, ``'...'`` literal."""
    year, month, day, hour, minute, second, weekday = stamp.fields()
    out: list[str] = []
    for token in _date_tokens(spec):
        letter, size = token[0], len(token)
        if letter == "'":
            if size == 1 or token[-1] != "'":
                raise EvalError("unterminated literal '")
            out.append("'" if size == 2 else token[1:-1].replace("''", "'"))
        elif not _is_letter(letter):
            out.append(token)
        else:
            out.append(_verb(token, year, month, day, hour, minute, second, weekday, stamp.offset))
    return "".join(out)


def _verb(
    token: str,
    year: int,
    month: int,
    day: int,
    hour: int,
    minute: int,
    second: int,
    weekday: int,
    offset: int,
) -> str:
    letter, size = token[0], len(token)
    twelve = hour % 12 or 12
    choices: dict[str, tuple[dict[int, str], str]] = {
        "Y": ({2: f"{year % 100:02d}", 4: f"{year:04d}"}, 'year must either be "YY" or "YYYY"'),
        "M": (
            {1: str(month), 2: f"{month:02d}", 3: _MONTHS[month - 1][:3], 4: _MONTHS[month - 1]},
            'month must be "M", "MM", "MMM", or "MMMM"',
        ),
        "D": ({1: str(day), 2: f"{day:02d}"}, 'day of month must either be "D" or "DD"'),
        "E": (
            {3: _WEEKDAYS[weekday][:3], 4: _WEEKDAYS[weekday]},
            'day of week must either be "EEE" or "EEEE"',
        ),
        "h": ({1: str(hour), 2: f"{hour:02d}"}, '24-hour must either be "h" or "hh"'),
        "H": ({1: str(twelve), 2: f"{twelve:02d}"}, '12-hour must either be "H" or "HH"'),
        "A": ({2: "AM" if hour < 12 else "PM"}, 'must be "AA"'),
        "a": ({2: "am" if hour < 12 else "pm"}, 'must be "aa"'),
        "m": ({1: str(minute), 2: f"{minute:02d}"}, 'minute must either be "m" or "mm"'),
        "s": ({1: str(second), 2: f"{second:02d}"}, 'second must either be "s" or "ss"'),
        "Z": (
            {
                1: _offset(offset, colon=True, utc="Z"),
                3: _offset(offset, colon=False, utc="UTC"),
                4: _offset(offset, colon=False),
                5: _offset(offset, colon=True),
            },
            "timezone must be Z, ZZZZ, or ZZZZZ",
        ),
    }
    if letter not in choices:
        raise EvalError(f"invalid date format verb {_go_quote(token)}")
    forms, expected = choices[letter]
    if size not in forms:
        raise EvalError(f"invalid date format verb {_go_quote(token)}: {expected}")
    return forms[size]


def _is_letter(char: str) -> bool:
    return "a" <= char <= "z" or "A" <= char <= "Z"


def _date_tokens(spec: str) -> list[str]:
    """go-cty's ``splitDateFormat``: a quoted literal (``''`` inside it is a quote), a run of one
    ASCII letter, or a run of anything else."""
    tokens: list[str] = []
    start, size = 0, len(spec)
    while start < size:
        char = spec[start]
        end = start + 1
        if char == "'":
            if spec[end : end + 1] == "'":
                end += 1  # '' on its own: a quote
            else:
                while end < size:
                    if spec[end] == "'":
                        if spec[end + 1 : end + 2] == "'":
                            end += 2  # a doubled quote inside the literal
                            continue
                        end += 1  # the closing quote
                        break
                    end += 1
        elif _is_letter(char):
            while end < size and spec[end] == char:
                end += 1
        else:
            while end < size and spec[end] != "'" and not _is_letter(spec[end]):
                end += 1
        tokens.append(spec[start:end])
        start = end
    return tokens
