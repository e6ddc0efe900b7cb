"""Parse short durations such as 90s or 10m."""

UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}


def seconds(text):
    """Seconds in a duration like '90s', '10m', '1h' or a bare number.

    >>> seconds("90s")
    90
    >>> seconds("10m")
    600
    >>> seconds("45")
    45
    """
    for unit in sorted(UNITS, key=len, reverse=True):
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * UNITS[unit])
    return int(text)
