"""Reads for the API: knowledge-base entries as JSON-ready dicts, texts in the requested language.

The shapes are declared for the OpenAPI schema in `serializers.py`; a test checks every response
against that schema, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from signaalwijzer.knowledge.loader import KnowledgeBase
from signaalwijzer.knowledge.schema import Domain, Form, Indicator, Role, RoleGuide, Route, Source


def indicator_data(indicator: Indicator, language: str) -> dict[str, Any]:
    return {
        "id": indicator.id,
        "kind": indicator.kind.value,
        "title": indicator.title.get(language),
        "description": indicator.description.get(language),
        "domain": indicator.domain,
        "forms": {form: strength.value for form, strength in indicator.forms.items()},
        "forms_minor": {form: strength.value for form, strength in indicator.forms_minor.items()},
        "dimension": indicator.dimension.value,
        "elements": [element.value for element in indicator.elements],
        "applies_to": indicator.applies_to.value,
        "roles": list(indicator.roles),
        "questions": [question.get(language) for question in indicator.questions],
        "acute": indicator.acute,
        "red_flag": indicator.red_flag,
        "sources": list(indicator.sources),
    }


def form_data(form: Form, language: str) -> dict[str, Any]:
    return {
        "id": form.id,
        "title": form.title.get(language),
        "description": form.description.get(language),
        "examples": form.examples.get(language),
        "sources": list(form.sources),
    }


def domain_data(domain: Domain, language: str) -> dict[str, Any]:
    return {"id": domain.id, "title": domain.title.get(language), "order": domain.order}


def role_data(role: Role, language: str) -> dict[str, Any]:
    return {
        "id": role.id,
        "title": role.title.get(language),
        "description": role.description.get(language),
        "meldcode": role.meldcode,
    }


def role_detail_data(
    kb: KnowledgeBase, role: Role, guide: RoleGuide, *, coordinator: Mapping[str, str], language: str
) -> dict[str, Any]:
    """A role with its guide: what you may see, may and must do, and whom to call."""
    return {
        **role_data(role, language),
        "summary": guide.summary.get(language),
        "sections": [
            {"id": section.id, "title": section.title.get(language), "body": section.body.get(language)}
            for section in guide.sections
        ],
        "typical_indicators": [
            {"id": ind_id, "title": kb.indicators[ind_id].title.get(language)}
            for ind_id in guide.typical_indicators
        ],
        "next_steps": [
            {
                "text": step.text.get(language),
                "outcomes": list(step.outcomes),
                "meldcode_step": step.meldcode_step,
                "routes": list(step.routes),
                "minor": step.minor,
            }
            for step in guide.next_steps
        ],
        "routes": [
            route_data(kb.routes[route_id], coordinator=coordinator, language=language)
            for route_id in guide.routes
        ],
        "sources": list(guide.sources),
    }


def route_data(route: Route, *, coordinator: Mapping[str, str], language: str) -> dict[str, Any]:
    contact = route.contact
    name, phone, email, organisation = route.name.get(language), contact.phone, contact.email, ""
    if route.from_configuration:
        # The regional zorgcoördinator differs per region: the deployment configures it, and the data
        # file's contact (if any) is the fallback when it has not. As in the engine's next steps.
        name = coordinator.get("COORDINATOR_NAME") or name
        phone = coordinator.get("COORDINATOR_PHONE") or phone
        email = coordinator.get("COORDINATOR_EMAIL") or email
        organisation = coordinator.get("COORDINATOR_ORGANISATION", "")
    return {
        "id": route.id,
        "name": name,
        "when": route.when.get(language),
        "what_happens": route.what_happens.get(language),
        "contact": {
            "phone": phone,
            "email": email,
            "url": contact.url,
            "hours": contact.hours.get(language) if contact.hours else None,
            "organisation": organisation,
        },
        "anonymous_possible": route.anonymous_possible,
        "acute": route.acute,
        "from_configuration": route.from_configuration,
        "sources": list(route.sources),
    }


def source_data(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "confidence": source.confidence.value,
        "note": source.note,
    }
