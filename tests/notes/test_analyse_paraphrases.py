"""The lexicon generalises: each indicator is found however a writer phrases it, and not when it is denied.

Per life domain a family of phrasings as different observers write them (a terse police note, a GP's
shorthand, a youth-care narrative, a debt counsellor, a desk clerk, a worried neighbour, a labour
inspector, English), none of them taken from the evaluation set. Each must suggest its indicator; the
same fact negated, asked about or made hypothetical must not; and look-alikes must stay quiet.
"""

from __future__ import annotations

import pytest

from signaalwijzer.notes import note_suggest


def ids(text: str) -> set[str]:
    return {s.id for s in note_suggest(text).suggestions}


def family(indicator: str, *texts: str) -> list:
    return [pytest.param(text, indicator, id=f"{indicator}: {text[:40]}") for text in texts]


WERK = [
    *family(
        "works_excessive_hours",
        "Btr. verklaarde dat hij dagelijks rond de 13 uur maakt in de loods.",
        "Pt werkt dagelijks 14u in de kas, ook in het weekend.",
        "Ze maakt werkweken van 70 uur.",
        "Werkt sinds maanden zonder een vrije dag.",
        "He works around 80 hours a week at the car wash.",
        "Hij werkt van 's ochtends zes tot 's avonds tien.",
    ),
    *family(
        "recruited_with_false_promises",
        "In Polen werd haar een baan als serveerster beloofd, hier moest ze in een bordeel werken.",
        "Het werk was totaal anders dan in de advertentie stond.",
        "They told her she would work in a restaurant, but she was taken to a flat.",
        "Ze is erin geluisd met een verhaal over goed betaald werk.",
    ),
    *family(
        "no_contract_or_insurance",
        "Werkt zwart bij een schoonmaakbedrijf.",
        "Heeft nooit iets getekend, alles mondeling.",
        "She has no written contract with the farm.",
    ),
    *family(
        "must_work_when_ill_or_injured",
        "Met hoge koorts moest hij toch naar de kas.",
        "Ziekmelden is er niet bij, zegt ze.",
        "She was made to keep working with a cut hand.",
    ),
    *family(
        "cannot_quit_or_change_employer",
        "Hij wil weg bij de baas maar durft niet.",
        "Ze zit eraan vast tot de schuld betaald is.",
        "He is not allowed to leave the job.",
    ),
    *family(
        "domestic_work_without_free_time",
        "Ze poetst en kookt van 's ochtends vroeg tot 's avonds laat voor het gezin.",
        "Werkt als huishoudster bij een familie en heeft nooit vrij.",
        "She cleans and cooks for the whole family, seven days a week.",
    ),
    *family(
        "driven_to_work_by_boss",
        "Ze worden met een bus naar de fabriek gereden en weer teruggebracht.",
        "The men are taken to the farm every morning in the boss's van.",
    ),
]

GELD = [
    *family(
        "paid_too_little_late_or_not",
        "Hij krijgt 3 euro per uur.",
        "Het loon wordt steeds uitgesteld.",
        "Ze werkt alleen voor kost en inwoning.",
        "Hij werkt voor een habbekrats.",
        "The workers earn around 3 euros an hour.",
    ),
    *family(
        "no_control_over_own_wages",
        "Het salaris gaat naar de rekening van haar vriend.",
        "Hij krijgt alleen 50 euro per week, de rest houdt de baas.",
        "Hij heeft haar bankpas.",
        "Her boyfriend keeps her bank card.",
    ),
    *family(
        "must_hand_over_earnings",
        "Alles wat ze verdient, gaat naar haar vriend.",
        "Zij draagt alles af aan de man.",
        "She has to hand over all the money to her pimp.",
    ),
    *family(
        "debt_to_employer_or_recruiter",
        "Hij staat bij de baas in het krijt voor de reis.",
        "He owes the man who got him the job 3000 euros.",
    ),
    *family(
        "owes_for_journey_to_netherlands",
        "Ze moet 30.000 euro betalen voor de overtocht.",
        "She still owes the people who brought her here.",
    ),
    *family(
        "bank_account_used_by_others",
        "Hij heeft zijn bankrekening voor 100 euro verhuurd aan een onbekende.",
        "Ze kreeg 200 euro om haar pas een dag af te staan.",
    ),
]

WONEN = [
    *family(
        "housing_provided_by_employer",
        "Het uitzendbureau zorgt ook voor een kamer, die kost 120 euro per week.",
        "The agency also provides the accommodation.",
    ),
    *family(
        "housing_depends_on_employer",
        "Als het werk stopt, moet hij ook uit het huis.",
        "Bij ontslag raakt ze ook haar kamer kwijt.",
    ),
    *family(
        "sleeps_at_workplace",
        "Ze slaapt in de nagelsalon na sluitingstijd.",
        "Er staan veldbedden in het magazijn waar de werknemers slapen.",
        "She sleeps in the back of the restaurant.",
    ),
    *family(
        "locked_in_or_no_own_key",
        "Ze heeft geen sleutel van het huis.",
        "Hij kan er alleen in en uit als de baas opendoet.",
        "They were locked in the room at night.",
    ),
    *family(
        "many_people_registered_at_address",
        "Acht mannen delen twee slaapkamers.",
        "Er wonen veel te veel mensen in die flat.",
    ),
]

DOCUMENTEN_RELATIES = [
    *family(
        "documents_withheld",
        "Btr. verklaarde dat zijn pas 'bij de chef' ligt.",
        "Mw. zegt dat haar man haar paspoort heeft verstopt.",
        "The boss has all their passports.",
    ),
    *family(
        "passport_taken_during_travel",
        "Onderweg naar Nederland moest ze haar paspoort aan de chauffeur geven.",
        "At the border the smuggler took her passport.",
    ),
    *family(
        "mail_and_digid_controlled_by_others",
        "Haar vriend heeft de inlogcodes van haar DigiD.",
        "De post van de bewoners wordt door de huisbaas opengemaakt.",
    ),
    *family(
        "controlled_movement",
        "Ze mag het huis alleen uit met de vrouw van de baas.",
        "Hij wordt overal naartoe gebracht en opgehaald.",
        "She is never allowed to go out alone.",
    ),
    *family(
        "threats_against_family",
        "Ze zeggen dat zijn moeder in Vietnam iets overkomt als hij praat.",
        "They know where her family lives back home.",
    ),
    *family(
        "fear_of_someone",
        "Hij durft niets te zeggen uit angst voor de baas.",
        "She is terrified of the man she lives with.",
    ),
    *family(
        "someone_else_speaks_for_them",
        "Hij nam elke vraag over voordat zij kon antwoorden.",
        "The man answered on her behalf.",
    ),
]

JONGEREN_ONLINE = [
    *family(
        "criminal_errands_for_others",
        "Hij brengt tasjes rond voor jongens uit de wijk en krijgt daar geld voor.",
        "He delivers packages for older boys.",
    ),
    *family(
        "forced_to_commit_crimes",
        "Hij wordt gedwongen om drugs te verkopen.",
        "They make him steal phones.",
    ),
    *family(
        "runaway_or_missing_minor",
        "Het meisje is opnieuw van de groep verdwenen.",
        "She went missing from the shelter again.",
    ),
    *family(
        "sexual_services_under_control_of_other",
        "Haar vriend zet advertenties online en regelt de klanten.",
        "She has to see clients that her boyfriend arranges.",
    ),
    *family(
        "sextortion",
        "Hij wordt gechanteerd met een naaktfilmpje dat hij stuurde.",
        "They threaten to share her nude photos.",
    ),
    *family(
        "older_partner_with_money_and_gifts",
        "Ze krijgt van haar vriend steeds nieuwe kleren en een iPhone.",
        "Her boyfriend is much older and showers her with gifts.",
    ),
]

ENGLISH_AND_STREET_TALK = [
    *family(
        "documents_withheld",
        "Their passports were collected on arrival 'for registration'.",
        "de baas heeft hun papiere afgepakt",
        "Hij moest bij aankomst zijn ID afgeven en heeft die nooit meer teruggezien.",
    ),
    *family(
        "sexual_services_under_control_of_other",
        "Her boyfriend arranges her clients and takes the money.",
        "Hij verkoopt haar aan andere mannen.",
        "Ze moet elke avond een aantal klanten afwerken voordat ze mag slapen.",
    ),
    *family(
        "no_control_over_own_wages",
        "Her salary goes straight to her boyfriend's account.",
        "Hij mag zelf niet pinnen, de baas doet dat.",
    ),
    *family(
        "cannot_quit_or_change_employer",
        "He would lose his room and visa if he quit.",
        "Stoppen mag pas als hij alles heeft terugbetaald.",
    ),
    *family(
        "street_debt",
        "Hij zegt dat hij 'in de min staat' bij de jongens.",
        "He owes the older boys money after losing the drugs.",
    ),
    *family(
        "forced_begging",
        "The children are made to beg at the station.",
        "Kinderen worden ingezet om te bedelen.",
    ),
    *family(
        "threats_or_violence", "Hij kreeg een kopstoot van de voorman.", "She was slapped by her employer."
    ),
    *family("drug_work_as_a_job", "Hij past op een wietzolder.", "He was found tending a cannabis farm."),
    *family("many_people_registered_at_address", "Fifteen workers live in a three-bedroom house."),
]

GEZONDHEID_KWETSBAARHEID = [
    *family(
        "untreated_injuries",
        "Loopt al weken met een gebroken vinger rond.",
        "His injury was never treated.",
    ),
    *family("self_harm", "Ze heeft sneden in haar armen.", "She has been harming herself."),
    *family(
        "accompanied_to_care_by_same_person",
        "Elke afspraak komt dezelfde man mee, die het woord voert.",
        "The same man always comes with her.",
    ),
    *family("lvb", "Cliënt heeft een IQ van 70.", "He has a learning disability."),
    *family("no_legal_residence", "Ze heeft geen geldige verblijfspapieren.", "His visa expired months ago."),
    *family("isolation", "Hij heeft niemand om op terug te vallen."),
]


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        *WERK,
        *GELD,
        *WONEN,
        *DOCUMENTEN_RELATIES,
        *JONGEREN_ONLINE,
        *ENGLISH_AND_STREET_TALK,
        *GEZONDHEID_KWETSBAARHEID,
    ],
)
def test_a_paraphrase_suggests_its_indicator(text, indicator):
    assert indicator in ids(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        pytest.param(
            "Hij werkt 38 uur per week en heeft elk weekend vrij.", "works_excessive_hours", id="hours"
        ),
        pytest.param("Er wordt niets ingehouden op zijn loon.", "wage_deductions_and_fines", id="deductions"),
        pytest.param("Hij verdient 2400 euro per maand.", "paid_too_little_late_or_not", id="a fair wage"),
        pytest.param(
            "Hij heeft een vast contract en is verzekerd.", "no_contract_or_insurance", id="contract"
        ),
        pytest.param(
            "Hij heeft een vast contract en kan altijd stoppen.",
            "cannot_quit_or_change_employer",
            id="vast contract is no trap",
        ),
        pytest.param(
            "Toen hij ziek was, bleef hij thuis en kreeg hij gewoon loon.",
            "must_work_when_ill_or_injured",
            id="sick leave",
        ),
        pytest.param("Hij heeft zijn eigen bankpas.", "no_control_over_own_wages", id="own bank card"),
        pytest.param(
            "She lives with her husband and keeps her own papers.", "documents_withheld", id="own papers"
        ),
        pytest.param("Ze beheert haar eigen telefoon en accounts.", "phone_or_accounts_controlled_by_other"),
        pytest.param("Haar vriend is 16, net als zij.", "older_partner_with_money_and_gifts", id="peer"),
        pytest.param(
            "De ouders van die vriend belden zelf de moeder.",
            "older_partner_with_money_and_gifts",
            id="ouders is not ouder",
        ),
        pytest.param("Ze heeft een tas laten stelen in de trein.", "found_with_drugs_or_stolen_goods"),
        pytest.param("Er is nooit gedreigd met ontslag.", "threatened_with_police_or_dismissal", id="never"),
        pytest.param("Hij is niet bang voor zijn baas.", "fear_of_someone", id="not afraid"),
        pytest.param(
            "Navragen of hij zonder vrije dag werkt.", "works_excessive_hours", id="a question to ask"
        ),
        pytest.param("Hij werkt als koerier bij PostNL.", "criminal_errands_for_others", id="parcel courier"),
        pytest.param(
            "Hij kreeg een boete voor door rood rijden.", "wage_deductions_and_fines", id="traffic fine"
        ),
        pytest.param(
            "Na schooltijd haalt zijn moeder hem op met de auto.", "picked_up_at_school", id="mother"
        ),
        pytest.param("She keeps her own passport and bank card.", "no_control_over_own_wages", id="own card"),
        pytest.param(
            "Hij heeft een tattoo van de naam van zijn dochter.", "branding_tattoo", id="a daughter's name"
        ),
        pytest.param(
            "Controle na nierdonatie: hij heeft een nier afgestaan aan zijn broer, via de donorarts.",
            "organ_removal_scar_or_pressure",
            id="a living donation",
        ),
        pytest.param(
            "Over werk en loon is nog niets bekend.", "paid_too_little_late_or_not", id="nothing known yet"
        ),
        pytest.param(
            "Bewoners melden mannen om 3-4 uur 's nachts.",
            "works_excessive_hours",
            id="a time, not a workday",
        ),
        pytest.param(
            "Seizoenswerkers wonen in gecertificeerde huisvesting met eigen kamers en eigen sleutel.",
            "locked_in_or_no_own_key",
            id="own key",
        ),
    ],
)
def test_a_denied_or_look_alike_statement_is_not_suggested(text, absent):
    assert absent not in ids(text)
