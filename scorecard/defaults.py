"""The default scoring framework (docs/scorecard.md), installed by a data migration."""

DIMENSIONS = [
    # code, Arabic, English, weight, [(metric, floor, target)]
    (
        "A",
        "صوت المواطن",
        "Citizen voice",
        35,
        [
            ("csat", 50, 90),
            ("nps", -20, 50),
            ("complaints_on_time", 50, 95),
            ("complaints_per_10k", 20, 2),
        ],
    ),
    (
        "B",
        "الالتزام بالوقت",
        "Timeliness",
        25,
        [
            ("service_level", 50, 90),
            ("wait_p90", 60, 15),
            ("service_within_standard", 50, 90),
            ("abandonment", 15, 2),
        ],
    ),
    (
        "C",
        "التقييم المستقل",
        "Independent assessment",
        20,
        [
            ("mystery_shopper", 40, 90),
            ("volunteer_visitor", 40, 90),
            ("self_assessment", 40, 90),
        ],
    ),
    (
        "D",
        "الإنجاز والكفاءة",
        "Resolution and efficiency",
        10,
        [
            ("first_visit_resolution", 60, 95),
            ("universal_coverage", 40, 100),
            ("utilisation_gap", 25, 0),
        ],
    ),
    (
        "E",
        "الميثاق والسجل",
        "Charter and registry",
        10,
        [
            ("registry_completeness", 50, 100),
            ("charter_met", 40, 100),
        ],
    ),
]
BANDS = [(95, 7), (90, 6), (85, 5), (75, 4), (65, 3), (0, 2)]
CAPS = [
    # kind, metric, threshold, at most stars
    ("value_below", "service_level", 80, 4),
    ("sample_below", "csat", 30, 4),
    ("dimension_below", "", 80, 5),
]


def install(framework_model, dimension_model, indicator_model, band_model, cap_model):
    """Create the default framework unless one with its code exists (models may be historical)."""
    framework, created = framework_model.objects.get_or_create(
        code="national-2026",
        defaults={
            "name_ar": "البطاقة الوطنية لمراكز الخدمات الحكومية",
            "name_en": "National card for government service centres",
            "is_default": True,
        },
    )
    if not created:
        return framework
    for position, (code, name_ar, name_en, weight, indicators) in enumerate(DIMENSIONS):
        dimension = dimension_model.objects.create(
            framework=framework,
            code=code,
            name_ar=name_ar,
            name_en=name_en,
            weight=weight,
            position=position,
        )
        for index, (metric, floor, target) in enumerate(indicators):
            indicator_model.objects.create(
                dimension=dimension, metric=metric, floor=floor, target=target, position=index
            )
    for min_score, stars in BANDS:
        band_model.objects.create(framework=framework, min_score=min_score, stars=stars)
    for kind, metric, threshold, max_stars in CAPS:
        cap_model.objects.create(
            framework=framework, kind=kind, metric=metric, threshold=threshold, max_stars=max_stars
        )
    return framework
