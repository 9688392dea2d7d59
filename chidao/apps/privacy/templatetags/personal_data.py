"""`{{ value|personal:"personal_id" }}`: masks a personal value unless the view's policy revealed it.

A template cannot reveal anything by itself: only a `ShownValue` made by `PersonalDataPolicy.show` after a
logged reveal is printed whole. Any other value, a raw one a view forgot to pass through the policy
included, is masked by its kind ("personal_id", "phone", "birth_date").
"""

from __future__ import annotations

from django import template

from chidao.apps.privacy.policy import ShownValue
from chidao.core.masking import mask_personal_data_in_text, mask_personal_value

register = template.Library()


@register.filter(name="personal")
def personal(value: object, kind: str) -> str:
    """The value masked by `kind`, or as the policy decided when it is a ShownValue."""
    if isinstance(value, ShownValue):
        return value
    return mask_personal_value(value, kind)


@register.filter(name="masked_text")
def masked_text(value: object) -> str:
    """Free text with every personal ID, phone number and labelled birth date in it masked."""
    return mask_personal_data_in_text(str(value or ""))
