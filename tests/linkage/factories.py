"""Synthetic signals for the linkage tests (invented names, numbers that pass their checks)."""

from signaalwijzer.linkage import normalise_signal, signal_keys

SECRET = b"test-link-key-not-for-production"


def line(signal_id="t:1", *, person=None, address=None, employer=None, contacts=None, vehicle_plate=None):
    out = {"id": signal_id, "source": "test"}
    for key, value in (
        ("person", person),
        ("address", address),
        ("employer", employer),
        ("contacts", contacts),
        ("vehicle_plate", vehicle_plate),
    ):
        if value is not None:
            out[key] = value
    return out


def keys(**kwargs):
    return signal_keys(normalise_signal(line(**kwargs)), SECRET)


def person_keys(name, birth_date=None, **person):
    return keys(person={"name": name, "birth_date": birth_date, **person})
