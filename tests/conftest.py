"""Named fixtures shared by every test module: one centre open all day, its services,
counters and staff. Tests needing more build it with the `make_*` helpers below."""

import datetime as dt
from pathlib import Path

import polib
import pytest
from django.contrib.auth import get_user_model

from centre.models import (
    Bundle,
    BundleItem,
    Centre,
    CentreService,
    Department,
    OpeningHours,
    Service,
)
from queueing.models import Counter
from staff.models import Certification, Staff

ALL_DAY = (dt.time(0, 0), dt.time(23, 59, 59, 999999))


def pytest_sessionstart(session):
    """Compile the translation catalogues that are missing or older than their sources.

    `.mo` files are build products (git-ignored); `./dev` compiles them, and this lets a bare
    `pytest` straight after a clone see the same Arabic.
    """
    root = Path(__file__).resolve().parent.parent
    compiled = False
    for po in [*root.glob("locale/*/LC_MESSAGES/*.po"), *root.glob("*/locale/*/LC_MESSAGES/*.po")]:
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            polib.pofile(str(po)).save_as_mofile(str(mo))
            compiled = True
    if compiled:  # Django (and gettext's own cache) may have loaded the old catalogues
        import gettext

        from asgiref.local import Local
        from django.utils.translation import trans_real

        gettext._translations.clear()
        trans_real._translations = {}
        trans_real._default = None
        trans_real._active = Local()


def make_centre(code="amman", *, hours=ALL_DAY, **fields) -> Centre:
    centre = Centre.objects.create(
        code=code,
        name_ar=fields.pop("name_ar", "مركز الخدمات الحكومية الشامل - عمّان"),
        name_en=fields.pop("name_en", "Amman Comprehensive Government Service Centre"),
        governorate=fields.pop("governorate", "Amman"),
        **fields,
    )
    if hours:
        OpeningHours.objects.bulk_create(
            OpeningHours(centre=centre, weekday=day, opens=hours[0], closes=hours[1])
            for day in range(7)
        )
    return centre


def make_service(code, department, *, target=15, standard=10, **fields) -> Service:
    return Service.objects.create(
        code=code,
        department=department,
        name_ar=fields.pop("name_ar", f"خدمة {code}"),
        name_en=fields.pop("name_en", f"Service {code}"),
        target_wait_minutes=target,
        standard_service_minutes=standard,
        required_documents=fields.pop(
            "required_documents", [{"ar": "الهوية الشخصية", "en": "National ID card"}]
        ),
        **fields,
    )


def make_staff(username, centre, *, role=Staff.Role.AGENT, universal=True, certified=()) -> Staff:
    user = get_user_model().objects.create_user(username=username, password="pass-" + username)
    staff = Staff.objects.create(user=user, centre=centre, role=role, is_universal=universal)
    for service in certified:
        Certification.objects.create(staff=staff, service=service)
    return staff


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing with the production hasher costs seconds per user; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def _session_data_dir(tmp_path_factory) -> Path:
    """A data folder of this test run's own: the embedded default's registry marker file
    (centre/cached.py) lives there, so two test runs from one checkout never see each
    other's registry changes."""
    return tmp_path_factory.mktemp("data")


@pytest.fixture(autouse=True)
def _isolated_cache(settings, _session_data_dir):
    """Throttle counters and cached values never leak between tests (or into Redis), nor
    between two test runs of one checkout."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.DATA_DIR = _session_data_dir
    from django.core.cache import cache

    from nafitha import generations

    cache.clear()
    generations.forget()  # the generations this process read from the cache just cleared


@pytest.fixture(autouse=True)
def _in_process_channel_layer(request, settings):
    """Broadcasts go through the in-memory layer, inline on the test's own connection, unless
    a test is marked `redis` (its app's conftest then sets Redis up): with REDIS_URL they are
    built on a background thread, which cannot see a test's uncommitted rows (as on a
    running embedded server; tests of that path unset NAFITHA_BROADCAST_INLINE)."""
    if not request.node.get_closest_marker("redis"):
        settings.NAFITHA_BROADCAST_INLINE = True
        settings.REDIS_URL = ""
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
def centre(db) -> Centre:
    return make_centre()


def make_civil() -> Department:
    return Department.objects.create(
        code="civil", name_ar="الأحوال المدنية والجوازات", name_en="Civil Status and Passports"
    )


def make_licensing() -> Department:
    return Department.objects.create(
        code="licensing", name_ar="ترخيص السواقين والمركبات", name_en="Driver and Vehicle Licensing"
    )


def make_passport(centre, civil) -> Service:
    service = make_service(
        "passport-renewal",
        civil,
        target=20,
        standard=8,
        name_ar="تجديد جواز السفر",
        name_en="Passport renewal",
    )
    CentreService.objects.create(centre=centre, service=service, letter="A")
    return service


def make_id_card(centre, civil) -> Service:
    service = make_service(
        "id-card",
        civil,
        target=15,
        standard=6,
        name_ar="إصدار بطاقة شخصية",
        name_en="ID card issue",
    )
    CentreService.objects.create(centre=centre, service=service, letter="A")
    return service


def make_licence(centre, licensing) -> Service:
    service = make_service(
        "licence-renewal",
        licensing,
        target=10,
        standard=5,
        name_ar="تجديد رخصة القيادة",
        name_en="Driving licence renewal",
    )
    CentreService.objects.create(centre=centre, service=service, letter="B")
    return service


def make_bundle(passport, licence) -> Bundle:
    bundle = Bundle.objects.create(
        code="travel", name_ar="حزمة السفر", name_en="Travel bundle", letter="P"
    )
    BundleItem.objects.create(bundle=bundle, service=passport, position=0)
    BundleItem.objects.create(bundle=bundle, service=licence, position=1)
    return bundle


@pytest.fixture
def civil(db) -> Department:
    return make_civil()


@pytest.fixture
def licensing(db) -> Department:
    return make_licensing()


@pytest.fixture
def passport(centre, civil) -> Service:
    return make_passport(centre, civil)


@pytest.fixture
def id_card(centre, civil) -> Service:
    return make_id_card(centre, civil)


@pytest.fixture
def licence(centre, licensing) -> Service:
    return make_licence(centre, licensing)


@pytest.fixture
def bundle(passport, licence) -> Bundle:
    return make_bundle(passport, licence)


@pytest.fixture
def counter(centre) -> Counter:
    return Counter.objects.create(centre=centre, number=1)


@pytest.fixture
def counter2(centre) -> Counter:
    return Counter.objects.create(centre=centre, number=2)


@pytest.fixture
def alice(centre) -> Staff:
    """A universal employee."""
    return make_staff("alice", centre)


@pytest.fixture
def bob(centre) -> Staff:
    """A second universal employee."""
    return make_staff("bob", centre)


@pytest.fixture
def carol(centre, licence) -> Staff:
    """Certified for driving licences only."""
    return make_staff("carol", centre, universal=False, certified=[licence])


@pytest.fixture
def sam(centre) -> Staff:
    """A supervisor."""
    return make_staff("sam", centre, role=Staff.Role.SUPERVISOR)


@pytest.fixture
def open_counter(counter, alice):
    from queueing import engine

    return engine.counter_open(counter=counter, staff=alice)
