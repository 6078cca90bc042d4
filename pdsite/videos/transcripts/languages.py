"""The caption languages a site offers: `PDSITE_CAPTION_LANGUAGES`, "code:Name" pairs
comma-separated (default `en:English,cy:Cymraeg`). The first is the site's main language.
Each name is the language's own name, as the player's caption choice shows it.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT = "en:English,cy:Cymraeg"
# BCP 47 as far as pdsite uses it: a primary subtag, optionally a region ("pt-BR").
_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


class UnknownLanguage(ValueError):
    """A language code that is not one of the site's caption languages."""


def parse_languages(value: str) -> dict[str, str]:
    """`"en:English,cy:Cymraeg"` -> {"en": "English", "cy": "Cymraeg"}, in order.
    Raises ImproperlyConfigured, naming the bad entry, on a malformed or repeated one."""
    languages: dict[str, str] = {}
    for entry in (part.strip() for part in value.split(",")):
        if not entry:
            continue
        code, sep, name = (piece.strip() for piece in entry.partition(":"))
        if not sep or not name or not _CODE.match(code):
            raise ImproperlyConfigured(
                f"PDSITE_CAPTION_LANGUAGES: {entry!r} is not code:Name (e.g. cy:Cymraeg)."
            )
        if code in languages:
            raise ImproperlyConfigured(f"PDSITE_CAPTION_LANGUAGES names {code!r} twice.")
        languages[code] = name
    if not languages:
        raise ImproperlyConfigured("PDSITE_CAPTION_LANGUAGES names no language.")
    return languages


def caption_languages() -> dict[str, str]:
    """The site's caption languages, code -> name, the main one first."""
    return parse_languages(getattr(settings, "PDSITE_CAPTION_LANGUAGES", DEFAULT))


def main_language() -> str:
    return next(iter(caption_languages()))


def language_name(code: str) -> str:
    """The name of one of the site's languages; raises UnknownLanguage for any other code."""
    languages = caption_languages()
    if code not in languages:
        known = ", ".join(f"{c} ({n})" for c, n in languages.items())
        raise UnknownLanguage(f"{code!r} is not one of this site's caption languages: {known}.")
    return languages[code]
