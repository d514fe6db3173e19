"""Service evaluations: weighted checklist scores 0–100, filled by evaluators only."""

import datetime as dt

import pytest

from feedback.models import Evaluation, EvaluationItem, EvaluationTemplate, Evaluator

pytestmark = pytest.mark.django_db


@pytest.fixture
def checklist():
    template = EvaluationTemplate.objects.create(name_ar="معايير", name_en="Standards")
    yes_no = EvaluationItem.objects.create(
        template=template, position=0, text_ar="الرسوم", text_en="Fees as published", weight=2
    )
    maturity = EvaluationItem.objects.create(
        template=template,
        position=1,
        text_ar="اللافتات",
        text_en="Signage",
        scale="maturity",
        weight=1,
    )
    return template, yes_no, maturity


@pytest.fixture
def evaluator(django_user_model):
    user = django_user_model.objects.create_user("eva", password="pass-eva")
    Evaluator.objects.create(user=user, kind="mystery_shopper")
    return user


def fill(client, template, centre, **values):
    return client.post(
        f"/feedback/evaluate/{template.pk}/",
        {"centre": centre.pk, "visited_on": "2026-01-10", **values},
    )


def test_an_evaluator_files_a_weighted_score(client, checklist, evaluator, centre):
    template, yes_no, maturity = checklist
    client.force_login(evaluator)
    assert client.get(f"/feedback/evaluate/{template.pk}/").status_code == 200
    response = fill(client, template, centre, **{f"item_{yes_no.pk}": 1, f"item_{maturity.pk}": 2})
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    # (2 × 1 + 1 × 2/4) / 3 = 83.3 %
    assert (evaluation.score, evaluation.kind, evaluation.centre, evaluation.visited_on) == (
        83.3,
        "mystery_shopper",
        centre,
        dt.date(2026, 1, 10),
    )
    assert evaluation.submitted_at is not None and evaluation.answers.count() == 2


def test_every_item_must_be_scored_within_its_scale(client, checklist, evaluator, centre):
    template, yes_no, maturity = checklist
    client.force_login(evaluator)
    assert fill(client, template, centre, **{f"item_{yes_no.pk}": 1}).status_code == 200
    assert (
        fill(
            client, template, centre, **{f"item_{yes_no.pk}": 2, f"item_{maturity.pk}": 1}
        ).status_code
        == 200
    )
    assert not Evaluation.objects.exists()


def test_staff_who_are_not_evaluators_cannot_evaluate(client, checklist, alice, manager):
    for staff in (alice, manager):
        client.force_login(staff.user)
        assert client.get("/feedback/evaluate/").status_code == 403
