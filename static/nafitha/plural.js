/* The plural form of a message for a count, chosen with Intl.PluralRules: `forms` maps CLDR
 * categories (zero, one, two, few, many, other) to texts, as nafitha.plurals.plural_forms
 * sends them from the catalogue; "%(n)s" in the chosen text is left for the caller. */
"use strict";

window.NafithaPlural = (lang, forms, count) => forms[new Intl.PluralRules(lang).select(count)] || forms.other;
