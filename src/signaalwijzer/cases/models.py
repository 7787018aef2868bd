"""Dossiers that follow the five meldcode steps (issue 3 §2, domain-facts §3).

A `Case` is one dossier about one client, owned by one professional in one organisation. What happened
in it is a list of `CaseEntry` rows, appended and never edited (`services.py` is the only write path):
observations, changes to the ticked signals, consultations, the conversation with the client, the five
afwegingsvragen, decisions, sharing, closing. A few facts are kept on `Case` itself so that lists and
the "stuck" overview are plain SQL at 100,000 dossiers: the current step, the outcome of the weighing,
when it became `vermoeden`, whether an expert was consulted and by when that was due.

Identifying client details and every free text are `EncryptedTextField`s (crypto.py): a raw database
row holds tokens, never a name, birth date, BSN, phone, e-mail or address.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from signaalwijzer.cases.crypto import EncryptedTextField


class Step(models.IntegerChoices):
    """The five steps of the Meldcode huiselijk geweld en kindermishandeling (2019), domain-facts §3.2."""

    SIGNALS = 1, _("Signalen in kaart brengen")
    CONSULT = 2, _("Collega of deskundige raadplegen")
    CONVERSATION = 3, _("Gesprek met de cliënt")
    WEIGH = 4, _("Wegen met het afwegingskader")
    DECIDE = 5, _("Beslissen: hulp organiseren, melden of allebei")


class Minor(models.TextChoices):
    YES = "ja", _("Ja, jonger dan 18")
    NO = "nee", _("Nee, 18 of ouder")
    UNKNOWN = "onbekend", _("Weet ik niet")


class Outcome(models.TextChoices):
    """The outcome of the weighing engine for the dossier's current signals (screening/result.py)."""

    GEEN = "geen", _("Geen aanwijzing")
    ZORGELIJK = "zorgelijk", _("Zorgelijk")
    VERMOEDEN = "vermoeden", _("Vermoeden van mensenhandel")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Gesloten")


class Case(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="cases"
    )
    # The owner's organisation when the dossier was made: its aandachtsfunctionaris may see the dossier.
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="cases"
    )
    # A working title chosen by the professional, shown in lists. Encrypted: people type names into it.
    label = EncryptedTextField(_("werktitel"), blank=True)
    # The observer's role in the knowledge base (knowledge/data/roles.yaml), for next steps and guidance.
    observer_role = models.CharField(_("rol van de melder"), max_length=40)
    minor = models.CharField(_("jonger dan 18"), max_length=10, choices=Minor.choices, default=Minor.UNKNOWN)
    # The signals ticked now (knowledge ids, sorted). Every change is also appended as an entry.
    indicators = models.JSONField(_("signalen"), default=list, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=12, choices=Outcome.choices, default=Outcome.GEEN)
    acute = models.BooleanField(_("acuut gevaar"), default=False)
    # The first step that is not done yet (6 when all five are done).
    step = models.PositiveSmallIntegerField(_("stap"), default=Step.SIGNALS)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)

    # The deadline for expert advice (issue 3 §2): set when the outcome becomes vermoeden.
    vermoeden_since = models.DateTimeField(_("vermoeden sinds"), null=True, blank=True)
    expert_due_on = models.DateField(_("deskundige raadplegen voor"), null=True, blank=True)
    expert_consulted_at = models.DateTimeField(_("deskundige geraadpleegd op"), null=True, blank=True)

    # Identifying client details: encrypted at rest, never searched in SQL, never in the audit log.
    client_name = EncryptedTextField(_("naam"), blank=True)
    client_birth_date = EncryptedTextField(_("geboortedatum"), blank=True)  # ISO date, or empty
    client_bsn = EncryptedTextField(_("BSN"), blank=True)
    client_phone = EncryptedTextField(_("telefoon"), blank=True)
    client_email = EncryptedTextField(_("e-mail"), blank=True)
    client_address = EncryptedTextField(_("adres"), blank=True)

    # Optimistic locking: every write states the version it read; a stale one is refused (services.py).
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            # The professional's list: own dossiers, newest change first.
            models.Index(fields=["owner", "-updated_at"], name="cases_owner_updated_idx"),
            # The aandachtsfunctionaris's list and the stuck overview.
            models.Index(fields=["organisation", "-updated_at"], name="cases_org_updated_idx"),
            models.Index(
                fields=["organisation", "expert_due_on"],
                condition=models.Q(status="open", outcome="vermoeden", expert_consulted_at__isnull=True),
                name="cases_stuck_idx",
            ),
            # Retention: closed dossiers by closing date.
            models.Index(fields=["status", "closed_at"], name="cases_retention_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(step__gte=1, step__lte=6), name="cases_case_step_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Dossier {self.pk}"

    @property
    def reference(self) -> str:
        """The number people use on the phone and on paper: D-000042."""
        return f"D-{self.pk:06d}"


class CaseShare(models.Model):
    """The owner shares the dossier with one colleague (issue 3 §3: "people the owner explicitly shares with")."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_shares")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_shares_given"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="cases_share_unique")]
        indexes = [models.Index(fields=["user", "case"], name="cases_share_user_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}→{self.user_id}"


class EntryKind(models.TextChoices):
    CREATED = "created", _("Dossier aangemaakt")
    SIGNALS = "signals", _("Signalen aangepast")
    OBSERVATION = "observation", _("Waarneming")
    CONSULTATION = "consultation", _("Overleg")
    CONVERSATION = "conversation", _("Gesprek met de cliënt")
    WEIGHING = "weighing", _("Afweging")
    DECISION = "decision", _("Besluit")
    CLIENT = "client", _("Gegevens cliënt aangepast")
    SHARED = "shared", _("Gedeeld")
    UNSHARED = "unshared", _("Delen gestopt")
    CLOSED = "closed", _("Gesloten")
    REOPENED = "reopened", _("Heropend")


class ConsultedWith(models.TextChoices):
    """Whom step 2 consulted. All but a colleague count as expert advice for the deadline."""

    COLLEAGUE = "collega", _("Collega")
    AANDACHTSFUNCTIONARIS = "aandachtsfunctionaris", _("Aandachtsfunctionaris")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    COMENSHA = "comensha", _("CoMensha")
    ZORGCOORDINATOR = "zorgcoordinator", _("Zorgcoördinator mensenhandel")
    OTHER_EXPERT = "andere_deskundige", _("Andere deskundige")


EXPERTS = frozenset(value for value in ConsultedWith.values if value != ConsultedWith.COLLEAGUE)


class NotHeldReason(models.TextChoices):
    """Step 3 may be skipped for a reason, which is recorded (domain-facts §3.2)."""

    SAFETY = "veiligheid", _("Een gesprek maakt het onveiliger voor de cliënt of voor anderen")
    UNREACHABLE = "niet_bereikbaar", _("De cliënt is niet bereikbaar")
    OTHER = "anders", _("Een andere reden")


class Decision(models.TextChoices):
    """Step 5 (2019): first whether a report is needed, then whether help is possible too."""

    HELP = "hulp", _("Hulp organiseren")
    REPORT = "melden", _("Melden")
    BOTH = "melden_en_hulp", _("Melden en hulp organiseren")
    CLOSE = "afsluiten", _("Afsluiten: geen vermoeden meer")


class CaseEntry(models.Model):
    """One event in a dossier's history. Appended by services.py, never updated or deleted by the app.

    `data` holds the structured, non-identifying facts of the entry (see services.py per kind, e.g.
    {"with": "veilig_thuis", "on": "2026-11-20"} for a consultation, or the five answers of a weighing);
    `text` the free text the professional typed (observation, advice, reasons), encrypted; for a
    consultation `consulted_name` the adviser's name, encrypted too.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    step = models.PositiveSmallIntegerField(choices=Step.choices, null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)
    text = EncryptedTextField(blank=True)
    # Step 2: the name of the person consulted ("Mw. Voorbeeld, Veilig Thuis"). Encrypted like the text.
    consulted_name = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "kind", "created_at"], name="cases_entry_case_kind_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.kind}"


class CaseDeletion(models.Model):
    """The deletion log of `signaalwijzer retention apply`: what was deleted, when, and why. No content."""

    case_id_deleted = models.BigIntegerField(_("dossiernummer"))
    organisation_name = models.CharField(_("organisatie"), max_length=200)
    created_at = models.DateTimeField(_("aangemaakt op"))
    closed_at = models.DateTimeField(_("gesloten op"))
    deleted_at = models.DateTimeField(_("verwijderd op"), auto_now_add=True)
    reason = models.CharField(_("reden"), max_length=200)

    class Meta:
        ordering = ["-deleted_at"]

    def __str__(self) -> str:
        return f"D-{self.case_id_deleted:06d}"
