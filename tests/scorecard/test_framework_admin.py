"""The framework editor in admin refuses dimension weights that do not sum to 100."""

import pytest
from django.forms import inlineformset_factory

from scorecard.admin import DimensionFormSet
from scorecard.models import Dimension, Framework

pytestmark = pytest.mark.django_db

FormSet = inlineformset_factory(
    Framework,
    Dimension,
    formset=DimensionFormSet,
    fields=["code", "name_ar", "name_en", "weight", "position"],
    extra=0,
)


def formset(weights: dict[str, int]):
    framework = Framework.objects.get(is_default=True)
    dims = list(framework.dimensions.all())
    data = {"dimensions-TOTAL_FORMS": len(dims), "dimensions-INITIAL_FORMS": len(dims)}
    for i, d in enumerate(dims):
        fields = {
            "id": d.pk,
            "code": d.code,
            "name_ar": d.name_ar,
            "name_en": d.name_en,
            "position": d.position,
        }
        data.update({f"dimensions-{i}-{k}": v for k, v in fields.items()})
        data[f"dimensions-{i}-weight"] = weights.get(d.code, d.weight)
    return FormSet(data, instance=framework)


def test_it_refuses_weights_that_do_not_sum_to_100_and_says_the_sum():
    refused = formset({"A": 30})
    assert not refused.is_valid()
    assert "95" in str(refused.non_form_errors())


def test_it_accepts_weights_that_sum_to_100():
    assert formset({"A": 30, "B": 30}).is_valid()


def test_it_lists_the_framework_in_admin(admin_client):
    assert admin_client.get("/admin/scorecard/framework/").status_code == 200
    framework = Framework.objects.get(is_default=True)
    assert admin_client.get(f"/admin/scorecard/framework/{framework.pk}/change/").status_code == 200
