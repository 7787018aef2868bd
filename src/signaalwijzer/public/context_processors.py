from django.conf import settings


def deployment(request):
    """The municipality and coordinator of this deployment, for every template."""
    return {"deployment": settings.SIGNAALWIJZER}
