import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signaalwijzer.config.settings")
application = get_wsgi_application()

# Load and validate the knowledge base while the server starts, not during a user's first request.
from signaalwijzer.knowledge import knowledge_base  # noqa: E402

knowledge_base()
