"""API token authentication that loads the employee with the user, kept per process.

Every staff API request checked its token with one query (token, user and staff joined), the
same rows each time. A process now keeps what a successful check loaded, under a generation
(`nafitha.generations`, as `centre.cached` and `queueing.waits.centre_capacity` do): saving or
deleting a token, a user (but a `last_login`-only save) or a `Staff` row bumps it now and again
on commit, so a revoked token, a deactivated user or a changed or deleted employee is refused at
once by the process that made the change and within `CACHE_GENERATION_CHECK_SECONDS` (1 s) by
every other one. A queryset `update()` sends no signal, and the embedded default's cache is per
process (a management command's bump does not reach the server): `KEEP_SECONDS` bounds both.

Only successful checks are kept (an unknown key is never stored, so guessing cannot fill
memory), at most `KEEP` of them, the least recently used dropped first. Each request gets its
own copies of the token, user and staff instances: request code may set attributes or fill
related caches on them (`staff.centre`), which must not reach another thread or request.
"""

import threading
import time
from collections import OrderedDict

from django.contrib.auth import get_user_model
from django.db.models.base import ModelState
from django.db.models.signals import post_delete, post_save
from rest_framework.authentication import TokenAuthentication

from nafitha import generations

GENERATION_KEY = "staff-token-generation"
KEEP = 4096
KEEP_SECONDS = 10.0

_clock = time.monotonic  # a test pins it
_lock = threading.Lock()
# key -> (generation, kept until by _clock, token, user, staff or None); shared by the threads.
_kept: OrderedDict[str, tuple] = OrderedDict()


class StaffTokenAuthentication(TokenAuthentication):
    """DRF's token check, with the user's `Staff` row in the same query (every staff endpoint
    asks next who the employee is, `staff.access.staff_of`), and no query at all for a token
    this process checked since the last change."""

    def authenticate_credentials(self, key):
        generation = generations.current(GENERATION_KEY)[0]
        now = _clock()
        with _lock:
            found = _kept.get(key)
            if found is not None and found[0] == generation and found[1] > now:
                _kept.move_to_end(key)
                return _copies(*found[2:])
        token = self.get_model().objects.select_related("user__staff").filter(key=key).first()
        if token is None or not token.user.is_active:
            return super().authenticate_credentials(key)  # refuses with DRF's own message
        user = token.user
        staff = getattr(user, "staff", None)
        with _lock:
            _kept[key] = (generation, now + KEEP_SECONDS, token, user, staff)
            _kept.move_to_end(key)
            while len(_kept) > KEEP:
                _kept.popitem(last=False)
        return _copies(token, user, staff)


def _copies(token, user, staff):
    """(user, token) as the query gave them: new instances linked to each other, so nothing a
    request does to them reaches the kept ones."""
    to_user = type(token).user.field  # the token's and the employee's links to the user
    to_staff = type(user).staff.related
    token, user = _copy(token), _copy(user)
    to_user.set_cached_value(token, user)
    to_user.remote_field.set_cached_value(user, token)
    if staff is not None:
        staff = _copy(staff)
        to_staff.field.set_cached_value(staff, user)
    to_staff.set_cached_value(user, staff)  # None: `user.staff` raises, as after the query
    return user, token


def _copy(instance):
    """The instance's field values in a new instance, with no related object cached (a
    third of what `copy.copy` costs, which goes through pickling's hooks)."""
    copied = object.__new__(type(instance))
    copied.__dict__.update(instance.__dict__)
    copied._state = ModelState()
    copied._state.db, copied._state.adding = instance._state.db, False
    return copied


def forget(**kwargs) -> None:
    """Every process checks its tokens again (`generations.changed`)."""
    generations.changed(GENERATION_KEY)


def _user_changed(sender, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a log-in's timestamp: nothing the check reads
    forget()


def connect() -> None:
    from rest_framework.authtoken.models import Token, TokenProxy

    from staff.models import Staff

    for model in (Token, TokenProxy, Staff):
        uid = f"staff.authentication.{model.__name__}"
        post_save.connect(forget, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(forget, sender=model, dispatch_uid=uid + ".delete")
    user = get_user_model()
    post_save.connect(_user_changed, sender=user, dispatch_uid="staff.authentication.user.save")
    post_delete.connect(forget, sender=user, dispatch_uid="staff.authentication.user.delete")
