"""What a booking and a place taken from home share: a number proved by a one-time code,
its confirmation, and giving the booking or place up.

Both flows (`services.booking_create`, `remote.remote_create`) are the same around their own
rules: the no-show block read before anything is sent or tried, the code checked (a wrong one
counted, committed even though the request is refused), then one transaction that takes the
number's `PhoneVerification` row lock (`number_lock`: everything done for one number is
serialised by it, so per-number limits hold under concurrency), applies the flow's rules,
uses the code up (`code_use`, only if the booking or place is made) and writes the
confirmation message to the outbox (`confirmation_send`).
"""

import contextlib
import datetime as dt
import math
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from appointments.errors import AppointmentError
from appointments.models import PhoneVerification
from appointments.selectors import no_show_block_until
from kiosk.models import Notification
from kiosk.notify import outbox_add
from nafitha.arabic import digits_for
from queueing.errors import QueueError


def _conf(key: str) -> int:
    return settings.NAFITHA_BOOKING[key]


def _minutes(n: int) -> dt.timedelta:
    return dt.timedelta(minutes=n)


def _code_hash(phone: str, code: str) -> str:
    """Keyed, so a copy of the table does not give the 10**6 codes back by brute force."""
    return salted_hmac("appointments.code", f"{phone}:{code}", algorithm="sha256").hexdigest()


def number_lock(phone: str, *, create: bool = False) -> PhoneVerification | None:
    """The number's row, locked until the end of the caller's transaction."""
    if create:
        PhoneVerification.objects.get_or_create(phone=phone)
    return PhoneVerification.objects.select_for_update().filter(phone=phone).first()


def no_shows_check(phone: str, now: dt.datetime, tz=None) -> None:
    """A number that did not come too often books again only after its block (read before
    a code is sent or checked, so a refusal sends nothing and uses no try)."""
    until = no_show_block_until(phone=phone, now=now)
    if until is not None:
        lang = (translation.get_language() or "ar")[:2]
        local = timezone.localtime(until, tz)
        text = formats.date_format(local, "j F Y، H:i" if lang == "ar" else "j F Y, H:i")
        raise AppointmentError("booking_no_shows", until=digits_for(text, lang))


def code_send(*, phone: str, language: str = "ar", now: dt.datetime | None = None) -> int:
    """Send a new one-time code to `phone` through the SMS outbox; return the seconds before
    another may be asked for. Resends wait 30 s, 60 s, 120 s… (doubling)."""
    now = now or timezone.now()
    no_shows_check(phone, now)
    with transaction.atomic():
        row = number_lock(phone, create=True)
        if row.locked_until and row.locked_until > now:
            raise AppointmentError("code_locked", minutes=_minutes_left(row.locked_until, now))
        wait = _resend_wait(row)
        if row.last_sent_at and row.last_sent_at + wait > now:
            left = math.ceil((row.last_sent_at + wait - now).total_seconds())
            raise AppointmentError("code_resend_too_soon", seconds=left)
        code = "".join(secrets.choice("0123456789") for _ in range(_conf("code_digits")))
        with translation.override(language):
            text = _("Nafitha: your code is %(code)s. It is valid for %(minutes)s minutes.") % {
                "code": code,
                "minutes": digits_for(str(_conf("code_minutes")), language),
            }
        try:
            outbox_add(phone=phone, kind=Notification.Kind.CODE, text=text)
        except QueueError:
            raise AppointmentError("phone_day_limit") from None
        row.code_hash = _code_hash(phone, code)
        row.code_expires_at = now + _minutes(_conf("code_minutes"))
        row.attempts = 0
        row.sends += 1
        row.last_sent_at = now
        row.save()
        return int(_resend_wait(row).total_seconds())


def _resend_wait(row: PhoneVerification) -> dt.timedelta:
    if row.sends == 0:
        return dt.timedelta(0)
    return dt.timedelta(seconds=_conf("resend_seconds") * 2 ** min(row.sends - 1, 6))


def _minutes_left(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, int((until - now).total_seconds() + 59) // 60)


def code_check(*, phone: str, code: str, now: dt.datetime | None = None) -> None:
    """Refuse a wrong, expired or locked code. A wrong code is counted (committed even
    though the request is refused); the last allowed wrong code locks the number out."""
    now = now or timezone.now()
    refusal = None
    with transaction.atomic():
        row = number_lock(phone)
        if row is None:
            refusal = AppointmentError("code_expired")
        elif row.locked_until and row.locked_until > now:
            refusal = AppointmentError("code_locked", minutes=_minutes_left(row.locked_until, now))
        elif not row.code_hash or row.code_expires_at <= now:
            refusal = AppointmentError("code_expired")
        elif not constant_time_compare(row.code_hash, _code_hash(phone, code.strip())):
            row.attempts += 1
            if row.attempts >= _conf("code_attempts"):
                row.locked_until = now + _minutes(_conf("lock_minutes"))
                row.code_hash = ""
                refusal = AppointmentError("code_locked", minutes=_conf("lock_minutes"))
            else:
                refusal = AppointmentError("code_invalid")
            row.save(update_fields=["attempts", "locked_until", "code_hash"])
    if refusal:
        raise refusal


def code_use(row: PhoneVerification, code: str, now: dt.datetime) -> None:
    """Inside the booking's (or place's) transaction, under `number_lock`: the code checked
    is still the current one (a second request with the same code finds it used), and using
    it resets the resend back-off."""
    if not row.code_hash or row.code_expires_at <= now:
        raise AppointmentError("code_expired")
    if not constant_time_compare(row.code_hash, _code_hash(row.phone, code.strip())):
        raise AppointmentError("code_invalid")
    row.code_hash = ""
    row.code_expires_at = None
    row.sends = 0
    row.attempts = 0
    row.save(update_fields=["code_hash", "code_expires_at", "sends", "attempts"])


def confirmation_send(*, phone: str, text: str) -> None:
    """The booking's or place's confirmation, in the caller's transaction. With the number's
    daily messages used up nothing is written: the page still shows the reference."""
    with contextlib.suppress(QueueError):
        outbox_add(phone=phone, kind=Notification.Kind.BOOKING, text=text)


def place_cancel(place, *, active: str, refusal: str) -> None:
    """Give up a booking or place locked by the caller: only while it is still `active`
    (booked, or pending), else refused with `refusal` and left as it is."""
    if place.status != active:
        raise AppointmentError(refusal)
    place.status = place.Status.CANCELLED
    place.save(update_fields=["status"])
