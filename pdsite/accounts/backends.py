"""Password sign-in for both forms (the site's and the Wagtail admin's): Django's ModelBackend,
except that the staff of a school that turned local passwords off are refused, with a message
saying to use single sign-on. Superusers keep their password (selectors.password_refusal_school).

The password is checked first, so the message never tells a stranger who is staff where; the
refusal raises PermissionDenied, which stops every later backend (django.contrib.auth.authenticate)
and counts as a failed sign-in for django-axes like any other.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .selectors import password_refusal_school


def password_refusal_message(school) -> str:
    return (
        f"{school.name} signs its staff in with their school account: use “Sign in with your school "
        "account” on the sign-in page. Passwords on pdsite are turned off for its staff."
    )


class SchoolPasswordBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            return None
        school = password_refusal_school(user)
        if school is None:
            return user
        message = password_refusal_message(school)
        if request is not None:
            request.pdsite_password_refusal = message  # read by forms.PasswordRefusalMixin
        raise PermissionDenied(message)
