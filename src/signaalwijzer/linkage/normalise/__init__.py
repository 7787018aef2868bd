"""Readable identifiers in one canonical form, checked (issue 5 §2).

Partner systems write the same fact in many ways ("06-12345678", "+31 6 1234 5678"; "1234 ab"; "Berg, van den,
J."). `normalise_signal` turns one interchange line into a `NormalisedSignal` whose values are equal whenever
the facts are, and refuses what cannot be right (BSN elfproef, IBAN check digits, impossible dates, unparseable
phone numbers and postcodes) with `InvalidIdentifier`: the field as a dotted path and a reason in plain Dutch.
Reasons are fixed sentences without the value in them, so the shell can translate them (`REASONS`).
Missing fields are fine: only what is present is checked.

Split by sub-domain: `common` (reasons, error, text folding), `names`, `contact` (phone, e-mail), `places`
(postcode, house number), `numbers` (BSN, IBAN, KvK, plate), `dates` and `signal` (a whole line). Every public
name is re-exported here, so `from signaalwijzer.linkage.normalise import X` keeps working.
"""

from signaalwijzer.linkage.normalise.common import (
    DEFAULT_REGION,
    REASON_BSN,
    REASON_DATE,
    REASON_EMAIL,
    REASON_HOUSE_NUMBER,
    REASON_IBAN,
    REASON_KVK,
    REASON_LIST,
    REASON_OBJECT,
    REASON_PHONE,
    REASON_PLATE,
    REASON_POSTCODE,
    REASON_TYPE,
    REASONS,
    InvalidIdentifier,
    fold,
)
from signaalwijzer.linkage.normalise.contact import normalise_email, normalise_phone
from signaalwijzer.linkage.normalise.dates import normalise_date
from signaalwijzer.linkage.normalise.names import (
    LEGAL_FORMS,
    PREFIX_WORDS,
    NormalisedName,
    employer_key,
    normalise_name,
)
from signaalwijzer.linkage.normalise.numbers import (
    normalise_bsn,
    normalise_iban,
    normalise_kvk,
    normalise_plate,
)
from signaalwijzer.linkage.normalise.places import normalise_house, normalise_postcode
from signaalwijzer.linkage.normalise.signal import NormalisedContact, NormalisedSignal, normalise_signal

__all__ = [
    "DEFAULT_REGION",
    "LEGAL_FORMS",
    "PREFIX_WORDS",
    "REASONS",
    "REASON_BSN",
    "REASON_DATE",
    "REASON_EMAIL",
    "REASON_HOUSE_NUMBER",
    "REASON_IBAN",
    "REASON_KVK",
    "REASON_LIST",
    "REASON_OBJECT",
    "REASON_PHONE",
    "REASON_PLATE",
    "REASON_POSTCODE",
    "REASON_TYPE",
    "InvalidIdentifier",
    "NormalisedContact",
    "NormalisedName",
    "NormalisedSignal",
    "employer_key",
    "fold",
    "normalise_bsn",
    "normalise_date",
    "normalise_email",
    "normalise_house",
    "normalise_iban",
    "normalise_kvk",
    "normalise_name",
    "normalise_phone",
    "normalise_plate",
    "normalise_postcode",
    "normalise_signal",
]
