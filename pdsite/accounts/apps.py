"""The accounts app: single sign-on per school (issue #16).

A school's sign-in settings (allowed email domains, Entra tenant, no local passwords for its
staff), the checks every third-party sign-in passes (`policy.py`), allauth's adapters that ask
them, the password backend that keeps a school's staff off passwords, and the pending members
a head of department approves or refuses.
"""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pdsite.accounts"
    label = "accounts"
    verbose_name = "Sign-in"
