"""A school's sign-in settings as a superuser edits them: domains cleaned, each domain one school's."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories.accounts import SchoolSignInFactory
from tests.factories.departments import SchoolFactory


def test_domains_are_cleaned_to_one_a_line_when_saved_from_the_form(db):
    settings_ = SchoolSignInFactory.build(school=SchoolFactory(), allowed_domains="A.example, @b.example", entra_tenant_id=" ABC ")
    settings_.full_clean()
    assert settings_.allowed_domains == "a.example\nb.example" and settings_.entra_tenant_id == "abc"


def test_a_domain_that_is_not_one_is_refused_with_its_name(db):
    settings_ = SchoolSignInFactory.build(school=SchoolFactory(), allowed_domains="ok.example, not_a domain!")
    with pytest.raises(ValidationError, match="“not_a” is not an email domain"):
        settings_.full_clean()


def test_a_domain_of_another_school_is_refused(db):
    SchoolSignInFactory(allowed_domains="shared.example")
    settings_ = SchoolSignInFactory.build(school=SchoolFactory(), allowed_domains="shared.example")
    with pytest.raises(ValidationError, match="Already another school's domain: shared.example"):
        settings_.full_clean()
