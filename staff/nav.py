"""The staff navigation bar's entries. `staff` is below the apps whose pages the bar links to,
so it imports none of them: each app registers its entries in its `AppConfig.ready`, and the
context processor asks each entry whether this person may open its page."""

import dataclasses
from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser
from django.utils.functional import Promise

from centre.models import Centre
from staff.models import Staff

# Returns the page's URL for this person, or None when the page would refuse them.
Link = Callable[[AbstractBaseUser, Staff | None, Centre | None], str | None]


@dataclasses.dataclass(frozen=True)
class Entry:
    order: int  # place in the bar, in the order of a working day
    label: str | Promise
    link: Link


_entries: dict[str, Entry] = {}


def register(key: str, *, order: int, label: str | Promise, link: Link) -> None:
    """Add (or replace, on a second `ready`) the entry `key`."""
    _entries[key] = Entry(order, label, link)


def links(user: AbstractBaseUser, staff: Staff | None) -> list[tuple[str | Promise, str]]:
    """(label, url) of every page this person may open, in the bar's order."""
    centre = staff.centre if staff is not None else None
    found = []
    for entry in sorted(_entries.values(), key=lambda e: e.order):
        if (url := entry.link(user, staff, centre)) is not None:
            found.append((entry.label, url))
    return found
