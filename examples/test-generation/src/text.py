"""Small string helpers."""


def slug(title):
    """Turn a title into a URL slug.

    >>> slug("Hello, World")
    'hello-world'
    >>> slug("  Baton   run ")
    'baton-run'
    """
    words = "".join(c if c.isalnum() or c.isspace() else " " for c in title).split()
    return "-".join(w.lower() for w in words)


def initials(name):
    """Initials of a name, upper case.

    >>> initials("ada lovelace")
    'AL'
    """
    return "".join(part[0].upper() for part in name.split())
