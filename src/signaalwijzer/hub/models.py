"""The Signalenhub: partners share signals with the zorgcoördinator, who sees them linked (issue 5).

A `Signal` is one signal from one partner `Source`, in the interchange format of DESIGN.md. What a
partner wrote is stored the least readable way that still works:

- `note` and `identifiers` (the normalised readable values: names, phones, addresses...) are encrypted
  at rest (cases/crypto.py) and shown only to the zorgcoördinator, inside a cluster, audited.
- `keys` holds keyed hashes only (linkage.SignalKeys.to_json(): HMAC with SIGNAALWIJZER_LINK_KEY), and
  `SignalToken` indexes its blocking tokens, so a new signal finds its candidates in SQL; `TokenCount` keeps
  how many signals hold each token.

Links are never stored: they are recomputed from the keys with `linkage.compare` (cheap, and always
explainable). What is stored is their result, the cluster a signal belongs to at person and at network
level (`Cluster`, one row per cluster id the linker gives), and the coordinator's decisions about
pairs (`LinkDecision`), which every re-link applies. A cluster's history (`ClusterAction`) is appended,
never edited; when two clusters merge, the absorbed one points to the survivor (`merged_into`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from signaalwijzer.cases.crypto import EncryptedTextField


class Source(models.Model):
    """A partner system that delivers signals: the `source` field of the interchange format."""

    slug = models.SlugField(_("code"), max_length=64, unique=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="signal_sources",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bron")
        verbose_name_plural = _("bronnen")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class PartnerToken(models.Model):
    """An API token of one partner organisation: it may only write signals of its own sources.

    Only a SHA-256 digest of the token is stored; the token itself is shown once, when it is made.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="partner_tokens"
    )
    name = models.CharField(_("omschrijving"), max_length=100)
    prefix = models.CharField(max_length=12)  # the first characters, to tell tokens apart in lists
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-sleutel van een partner")
        verbose_name_plural = _("API-sleutels van partners")

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.prefix}"


class Via(models.TextChoices):
    WEB = "web", _("via de website")
    API = "api", _("via de API")
    IMPORT = "import", _("via een bestand")


class SignalStatus(models.TextChoices):
    """What the partner sees of what the coordinator did (issue 5 §1: "status only")."""

    RECEIVED = "ontvangen", _("Ontvangen")
    IN_PROGRESS = "in_behandeling", _("In behandeling")
    INFO_REQUESTED = "info_gevraagd", _("Meer informatie gevraagd")
    ESCALATED = "opgeschaald", _("Besproken in casusoverleg")
    CLOSED = "afgesloten", _("Afgesloten")


class Level(models.TextChoices):
    PERSON = "person", _("persoon")
    NETWORK = "network", _("netwerk")


class ClusterStatus(models.TextChoices):
    NEW = "nieuw", _("Nieuw")
    ASSIGNED = "toegewezen", _("Toegewezen")
    INFO_REQUESTED = "info_gevraagd", _("Meer informatie gevraagd")
    ESCALATED = "opgeschaald", _("Opgeschaald naar casusoverleg")
    CLOSED = "gesloten", _("Gesloten")
    MERGED = "samengevoegd", _("Samengevoegd")


class Cluster(models.Model):
    """Signals the linker put together at one level. `key` is the linker's deterministic cluster id.

    The ranking facts (independent sources, combined weighing, recency) are kept on the row so that the
    inbox is one indexed query; services recompute them whenever a signal joins or leaves.
    """

    level = models.CharField(max_length=8, choices=Level.choices)
    key = models.CharField(max_length=100)
    status = models.CharField(max_length=16, choices=ClusterStatus.choices, default=ClusterStatus.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signal_count = models.PositiveIntegerField(default=0)
    source_count = models.PositiveIntegerField(default=0)  # independent partner organisations
    outcome = models.CharField(max_length=12, default="geen")  # combined weighing: geen|zorgelijk|vermoeden
    forms = models.JSONField(default=list, blank=True)
    rank = models.FloatField(default=0.0)  # higher first; see services for the formula
    vermoeden_since = models.DateTimeField(null=True, blank=True)
    last_signal_at = models.DateTimeField(null=True, blank=True)
    last_action_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        constraints = [models.UniqueConstraint(fields=["level", "key"], name="hub_cluster_level_key")]
        indexes = [models.Index(fields=["level", "status", "-rank"], name="hub_cluster_inbox_idx")]

    def __str__(self) -> str:
        return f"{self.level}:{self.key}"


class Signal(models.Model):
    source = models.ForeignKey(
        Source, verbose_name=_("bron"), on_delete=models.PROTECT, related_name="signals"
    )
    # The `id` of the interchange format ("wijkteam-noord:4411"): re-delivering it updates this row.
    external_id = models.CharField(_("kenmerk"), max_length=200)
    observed_on = models.DateField(_("waargenomen op"), null=True, blank=True)
    forms = models.JSONField(_("vormen"), default=list, blank=True)
    indicators = models.JSONField(_("signalen"), default=list, blank=True)
    # The weighing of this signal's indicators alone (screening engine), for lists and ranking.
    outcome = models.CharField(_("uitkomst"), max_length=12, default="geen")
    # About someone younger than 18 (the indicator "minor", or the birth date on the day it was seen): the
    # combined weighing of a cluster treats it as a minor's (273f: no means needed).
    minor = models.BooleanField(_("jonger dan 18"), default=False)
    note = EncryptedTextField(_("toelichting"), blank=True)
    # JSON of linkage.NormalisedSignal.to_dict(): readable values, for the coordinator only.
    identifiers = EncryptedTextField(_("gegevens"), blank=True)
    # JSON of linkage.SignalKeys.to_json(): keyed hashes only.
    keys = models.JSONField(default=dict, blank=True)
    # SHA-256 of the canonical input line: a re-import of the same line changes nothing.
    content_hash = models.CharField(max_length=64)
    via = models.CharField(max_length=8, choices=Via.choices)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_signals",
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="signals"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SignalStatus.choices, default=SignalStatus.RECEIVED
    )
    person_cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="person_signals"
    )
    network_cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="network_signals"
    )
    received_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="hub_signal_source_external_id")
        ]
        indexes = [
            models.Index(fields=["source", "-received_at"], name="hub_signal_source_idx"),
            models.Index(fields=["-received_at"], name="hub_signal_received_idx"),
        ]

    def __str__(self) -> str:
        return self.external_id


class SignalToken(models.Model):
    """One blocking token of a signal's keys (linkage.SignalKeys.tokens): the index for incremental linking."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["token"], name="hub_token_idx")]
        constraints = [models.UniqueConstraint(fields=["signal", "token"], name="hub_token_signal_token")]

    def __str__(self) -> str:
        return self.token


class TokenCount(models.Model):
    """How many signals hold a token: a GROUP BY of `SignalToken`, kept exact by every write of it
    (hub/token_index.py), so that linking reads a token's count with one index lookup (ADR 0011).
    A token nobody holds has no row."""

    token = models.CharField(max_length=100, primary_key=True)
    n = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.token}: {self.n}"


class DecisionKind(models.TextChoices):
    CONFIRMED = "confirmed", _("Bevestigd")
    SPLIT = "split", _("Gesplitst")


class LinkDecision(models.Model):
    """The coordinator's word on one pair of signals at one level; applied by every (re-)link.

    `signal_a` has the lower primary key. A later decision on the same pair replaces the earlier one (the
    history of decisions is in the cluster's actions and the audit log).
    """

    level = models.CharField(max_length=8, choices=Level.choices)
    signal_a = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="+")
    signal_b = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=10, choices=DecisionKind.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level", "signal_a", "signal_b"], name="hub_decision_pair"),
            models.CheckConstraint(
                condition=models.Q(signal_a__lt=models.F("signal_b")), name="hub_decision_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level}:{self.signal_a_id}-{self.signal_b_id}:{self.decision}"


class ActionKind(models.TextChoices):
    ASSIGN = "toewijzen", _("Toegewezen")
    ASK_INFO = "info_vragen", _("Meer informatie gevraagd")
    ESCALATE = "opschalen", _("Opgeschaald naar casusoverleg")
    CLOSE = "sluiten", _("Gesloten")
    REOPEN = "heropenen", _("Heropend")
    NOTE = "notitie", _("Notitie")
    CONFIRM_LINK = "koppeling_bevestigd", _("Koppeling bevestigd")
    SPLIT_LINK = "koppeling_gesplitst", _("Koppeling gesplitst")
    MERGED = "samengevoegd", _("Samengevoegd")


class ClusterAction(models.Model):
    """One step in a cluster's history; appended by services, never edited."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=24, choices=ActionKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = EncryptedTextField(blank=True)  # reason, question, note: may hold names, so encrypted
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["cluster", "at"], name="hub_action_cluster_idx")]

    def __str__(self) -> str:
        return f"{self.cluster_id}:{self.kind}"
