"""The audit log in words: each entry as one sentence in the reader's language, its time in
the centre's time zone.

`SENTENCES` is the one place that maps an audit action name to its sentence; renaming an
action is a change of its key here. An action missing from the table still reads as a
sentence (who changed what), never as a code.
"""

import re

from django.db.models import Q
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centre import cached
from counters.models import AuditLog
from nafitha.arabic import arabic_digits, arabic_letter
from staff.models import Staff

Action = AuditLog.Action
SENTENCES = {
    Action.OPEN: gettext_lazy("%(actor)s opened %(counter)s for %(staff)s."),
    Action.CLOSE: gettext_lazy("%(actor)s closed %(counter)s."),
    Action.PAUSE: gettext_lazy("%(actor)s paused %(counter)s."),
    Action.RESUME: gettext_lazy("%(actor)s reopened %(counter)s after a pause."),
    Action.CALL_NEXT: gettext_lazy("%(actor)s called the next ticket to %(counter)s."),
    Action.CALL_SPECIFIC: gettext_lazy("%(actor)s called ticket %(ticket)s to %(counter)s."),
    Action.RECALL: gettext_lazy("%(actor)s called the ticket at %(counter)s again."),
    Action.START: gettext_lazy("%(actor)s started serving at %(counter)s."),
    Action.COMPLETE: gettext_lazy("%(actor)s finished the ticket at %(counter)s."),
    Action.NO_SHOW: gettext_lazy("%(actor)s marked the ticket at %(counter)s as a no-show."),
    Action.ADD_SERVICE: gettext_lazy("%(actor)s added a service to the visit at %(counter)s."),
    Action.RETURN: gettext_lazy("%(actor)s returned the ticket at %(counter)s to its queue."),
    Action.TICKET_TRANSFER: gettext_lazy("%(actor)s moved ticket %(ticket)s to another service."),
    Action.TICKET_CANCEL: gettext_lazy("%(actor)s cancelled ticket %(ticket)s. Reason: %(reason)s"),
    Action.STAFF_SERVICES: gettext_lazy("%(actor)s changed the services %(staff)s may serve."),
    Action.APPOINTMENT_PLAN: gettext_lazy("%(actor)s changed the appointment plan of %(service)s."),
    Action.APPOINTMENT_CHECK_IN: gettext_lazy(
        "%(actor)s checked in a booking or a remote place by its reference: ticket %(ticket)s."
    ),
}
OTHER = gettext_lazy("%(actor)s changed %(target)s.")

_COUNTER = re.compile(r"counter (\d+)")
_STAFF = re.compile(r"staff (\S+)")
_TICKET = re.compile(r"ticket ([A-Z]+-\d+)")
_SERVICE = re.compile(r"service (\S+)")


def _ticket_number(number: str, language: str) -> str:
    if language != "ar":
        return number
    letter, digits = number.split("-")
    return f"{arabic_letter(letter)}-{arabic_digits(digits)}"


def _at_counter_after(after: dict, key: str) -> str:
    """`key` ("staff", "ticket") of the counter after the change, when the target does not
    name it: a counter action's snapshot, or the counter inside a staff move's."""
    counter = after.get("counter") if isinstance(after.get("counter"), dict) else after
    value = counter.get(key)
    if isinstance(value, bool) or value is None:
        return ""
    return str(value) if isinstance(value, int | str) else ""


def audit_sentence(entry: AuditLog, names: dict[str, str]) -> str:
    """`entry` as a sentence in the active language; `names` maps ids and usernames to names."""
    language = translation.get_language() or "ar"
    isolate = "\u2068%s\u2069"  # names and numbers keep their own direction inside the sentence
    counter = _COUNTER.search(entry.target)
    staff = _STAFF.search(entry.target)
    called = _at_counter_after(entry.after, "ticket")
    ticket = _TICKET.search(entry.target) or _TICKET.search(f"ticket {called}")
    counter_number = counter.group(1) if counter else ""
    username = staff.group(1) if staff else _at_counter_after(entry.after, "staff")
    values = {
        "actor": isolate % entry.actor_name,
        "counter": _("Counter %(number)s")
        % {"number": arabic_digits(counter_number) if language == "ar" else counter_number},
        "staff": isolate % names.get(username, username) if username else _("nobody"),
        "ticket": isolate % _ticket_number(ticket.group(1), language) if ticket else "",
        "reason": entry.after.get("reason") or _("none given"),
        "service": isolate % _service_name(entry.target, language),
    }
    values["target"] = values["ticket"] or (values["staff"] if staff else values["counter"])
    return str(SENTENCES.get(entry.action, OTHER)) % values


def _service_name(target: str, language: str) -> str:
    found = _SERVICE.search(target)
    if not found:
        return ""
    service = cached.services().get(found.group(1))
    return service.name_in(language) if service else found.group(1)


def audit_time(entry: AuditLog, tz) -> str:
    """Date and time in the centre's time zone, in the active language's format."""
    local = entry.at.astimezone(tz)
    text = formats.date_format(local, "DATETIME_FORMAT")
    return arabic_digits(text) if translation.get_language() == "ar" else text


def audit_names(entries: list[AuditLog]) -> dict[str, str]:
    """The names of the employees the entries mention, by id (as the API names staff) or by
    username (entries written before), in one query."""
    keys = {m.group(1) for e in entries if (m := _STAFF.search(e.target))}
    keys |= {key for e in entries if (key := _at_counter_after(e.after, "staff"))}
    if not keys:
        return {}
    ids = {int(k) for k in keys if k.isdigit()}
    staff = Staff.objects.filter(
        Q(pk__in=ids) | Q(user__username__in=keys - {str(i) for i in ids})
    ).select_related("user")
    names = {}
    for s in staff:
        names[str(s.pk)] = names[s.user.get_username()] = s.display_name
    return names
