import factory

from pdsite.accounts.models import SchoolSignIn

from .departments import SchoolFactory


class SchoolSignInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolSignIn

    school = factory.SubFactory(SchoolFactory)
    allowed_domains = "allowed.example"
    entra_tenant_id = ""
    local_passwords_off = False
