from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from scorecard.indicators import INDICATORS
from scorecard.models import Dimension, Framework, Indicator, StarBand, StarCap

METRIC_CHOICES = [(key, f"{key} — {d.label}") for key, d in INDICATORS.items()]


class DimensionFormSet(forms.BaseInlineFormSet):
    """Refuses a framework whose dimension weights do not sum to 100, saying what they sum to."""

    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        total = sum(f.cleaned_data.get("weight") or 0 for f in kept)
        if total != 100:
            raise ValidationError(
                _("Dimension weights must sum to 100; they sum to %(sum)s."), params={"sum": total}
            )


class DimensionInline(admin.TabularInline):
    model = Dimension
    formset = DimensionFormSet
    extra = 0
    show_change_link = True


class StarBandInline(admin.TabularInline):
    model = StarBand
    extra = 0


class CapForm(forms.ModelForm):
    metric = forms.ChoiceField(choices=[("", "—"), *METRIC_CHOICES], required=False)

    class Meta:
        model = StarCap
        fields = ["kind", "metric", "threshold", "max_stars"]


class StarCapInline(admin.TabularInline):
    model = StarCap
    form = CapForm
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ar", "is_default", "min_sample"]
    inlines = [DimensionInline, StarBandInline, StarCapInline]


class IndicatorForm(forms.ModelForm):
    metric = forms.ChoiceField(choices=METRIC_CHOICES)

    class Meta:
        model = Indicator
        fields = ["metric", "floor", "target", "weight", "position"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    form = IndicatorForm
    extra = 0


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["framework", "code", "name_en", "weight"]
    list_filter = ["framework"]
    inlines = [IndicatorInline]
