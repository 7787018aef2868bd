"""The picture of connections and the words for link evidence (hub/explain.py), without a browser."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from signaalwijzer.hub import explain
from tests.hub import factories

pytestmark = pytest.mark.django_db


def _network():
    """Three persons: two share an address, all three share a handler's phone; one has its own plate."""
    people = [
        factories.identifiers(
            given_names="Ionut",
            surname="Voorbeeldu",
            phone="",
            postcode="5678CD",
            house_number="12",
            plate="ZZ999X",
            contacts=[{"role": "handler", "phone": "+31643215401"}],
        ),
        factories.identifiers(
            given_names="Elena",
            surname="Proefova",
            phone="+31612345631",
            postcode="5678CD",
            house_number="12",
            contacts=[{"role": "handler", "phone": "+31643215401"}],
        ),
        factories.identifiers(
            given_names="Andrei",
            surname="Voorbeeldov",
            phone="+31612345632",
            kvk="99054321",
            employer="Kwekerij Proefland",
            contacts=[{"role": "handler", "phone": "+31643215401"}],
        ),
    ]
    signals = [factories.signal(identifiers_=data) for data in people]
    number = {s.pk: n for n, s in enumerate(signals, start=1)}
    identifiers = {s.pk: explain.signal_identifiers(s) for s in signals}
    return signals, number, identifiers


def test_only_shared_identifiers_become_nodes_and_labels_hide_values():
    signals, number, identifiers = _network()
    picture = explain.connections_picture(
        signals, number=number, identifiers=identifiers, revealed=False, language="nl"
    )
    kinds = [(node.kind, node.label, len(node.signals)) for node in picture.identifier_nodes]
    assert kinds == [("address", "Adres 1", 2), ("phone", "Telefoon 1", 3)]
    assert len(picture.edges) == 5
    assert [node.label for node in picture.nodes] == [
        f"Signaal {n} · {s.source.organisation.name}" for n, s in enumerate(signals, start=1)
    ]
    # Every identifier node lies inside the drawing.
    assert all(0 < node.y < picture.height for node in picture.nodes + picture.identifier_nodes)


def test_revealed_labels_show_the_normalised_values():
    signals, number, identifiers = _network()
    picture = explain.connections_picture(
        signals, number=number, identifiers=identifiers, revealed=True, language="nl"
    )
    assert [node.label for node in picture.identifier_nodes] == ["5678 CD nr 12", "+31643215401"]


def test_evidence_in_words():
    evidence = SimpleNamespace(identifier="name", how="fuzzy", score=0.9134, detail="")
    assert explain.evidence_text(evidence, "nl") == "naam: lijkt op 0,91"
    assert explain.evidence_text(evidence, "en") == "name: similar 0.91"
    swapped = SimpleNamespace(
        identifier="birth_date", how="fuzzy", score=None, detail="dag en maand verwisseld"
    )
    assert explain.evidence_text(swapped, "nl") == "geboortedatum: lijkt op · dag en maand verwisseld"
    phone = SimpleNamespace(identifier="phone", how="exact", score=1.0, detail="")
    assert explain.evidence_text(phone, "nl") == "telefoon: exact"


def test_person_label_reads_the_shapes_linkage_gives():
    assert (
        explain.person_label(
            {
                "person": {
                    "given_names": "Lisa",
                    "prefix": "van den",
                    "surname": "Proefberg",
                    "birth_date": "2001-09-09",
                }
            }
        )
        == "Lisa van den Proefberg (2001-09-09)"
    )
    assert explain.person_label({"person": {"birth_date": "2001-09-09"}}) == "2001-09-09"
    assert explain.person_label({}) == ""
