"""Sign-in forms that show why a password was refused (backends.SchoolPasswordBackend), and the
head of department's approval form."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from wagtail.admin.forms.auth import LoginForm


class PasswordRefusalMixin:
    """The backend's reason instead of "enter a correct username and password", when it gave one."""

    def get_invalid_login_error(self):
        message = getattr(self.request, "pdsite_password_refusal", "")
        if message:
            return ValidationError(message, code="local_passwords_off")
        return super().get_invalid_login_error()


class SignInForm(PasswordRefusalMixin, AuthenticationForm):
    """The site's sign-in form (/accounts/login/)."""


class AdminSignInForm(PasswordRefusalMixin, LoginForm):
    """The Wagtail admin's sign-in form (settings.WAGTAILADMIN_USER_LOGIN_FORM)."""


class ApproveForm(forms.Form):
    department = forms.ModelChoiceField(queryset=None, empty_label=None, label="Add to department")

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["department"].label_from_instance = lambda department: department.name
