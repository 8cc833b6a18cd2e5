"""`{% load masking %}`: `{{ visitor.phone|mask_phone }}`, `{{ visitor.id_number|mask_id_number }}`."""

from django import template

from common import masking

register = template.Library()
register.filter("mask_phone", masking.mask_phone)
register.filter("mask_id_number", masking.mask_id_number)
