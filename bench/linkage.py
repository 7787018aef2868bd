"""Linkage benchmark: our keyed-hash linker against Splink 5 (DuckDB) on one synthetic stream with ground truth.

Needs the optional `bench` extra (Splink and DuckDB):  .venv/bin/pip install -e ".[bench]"
Without it, only our linker is measured.

    .venv/bin/python bench/linkage.py                      # 10k, 100k and 1M signals
    .venv/bin/python bench/linkage.py --sizes 10000 100000
    .venv/bin/python bench/linkage.py --no-splink --sizes 10000

The stream: people within exploitation networks (an exploiter and victims sharing houses, a small employer, the
handler's phone, a car, an account), several signals per person from different sources, and many unrelated
people with common names, some of them at big legitimate employers and addresses (a flower auction, a shelter).
Each signal carries noise the way partner systems write: typos, swapped given/surname, initials only,
"Berg, van den", stripped diacritics, day/month swaps, a wrong digit, "+31 6 ..." / "06-...", "1234 ab",
missing fields. All synthetic (names from lists and syllables, BSNs generated to pass the elfproef).

Printed per size and engine: pairwise precision / recall / F1 at person and network level (from contingency
counts; network level against the issue's definition, signals connected through shared identifiers, see
`stream`; "F1 lat" against membership of the same exploitation network, which also counts victims whose signals
name nothing that connects them and so no engine can find), time to normalise + hash the keys (ours) / prepare
(Splink), batch link time (ours: from 20k signals shared by as many processes as there are cores, at most 2,
as `signaalwijzer signals link` does; Splink/DuckDB uses its own threads), peak memory (RSS of the worker
process and its forked helper, data included; shared pages counted twice), and for ours the p95 of linking one
new signal into the in-memory store (`linkage.Linker.add`, store = the batch-linked size). Each engine runs in
its own process, so peak memory is its own. Asserts nothing (STYLE.md: benchmarks print figures).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from signaalwijzer.linkage.cluster import usable_cores  # noqa: E402 - after the path

SCRATCH = Path(os.environ.get("BENCH_DIR", "/tmp/signaalwijzer-bench-linkage"))  # noqa: S108 - scratch data

# --- names (invented mixes of common Dutch and immigrant names; rare names from syllables) ------------------

GIVEN = (  # noqa: SIM905 - a readable word list
    "Jan Pieter Kees Henk Willem Johannes Cornelis Hendrik Gerrit Dirk Bas Daan Sem Lucas Finn Noah Levi "
    "Milan Thomas Ruben Tim Lars Jesse Bram Luuk Stijn Sven Niels Koen Joost Maarten Wouter Ahmed Mohamed"
    " Mehmet Mustafa Youssef Ali Omar Hassan Ibrahim Said Piotr Tomasz Krzysztof Pawel Marek Andrzej "
    "Michal Jakub Mateusz Ion Vasile Gheorghe Constantin Nikolai Dmitri Oleksandr Andrii Ivan Sergei "
    "Kwame Kofi Emeka Chidi Thi Nguyen Maria Anna Johanna Elisabeth Cornelia Wilhelmina Emma Julia Sophie"
    " Tess Sara Fenna Lotte Eva Lisa Anouk Fleur Iris Noor Sanne Femke Ilse Fatima Aisha Khadija Zeynep "
    "Elif Ayse Emine Hatice Meryem Katarzyna Agnieszka Malgorzata Joanna Magdalena Ioana Elena Mihaela "
    "Andreea Olena Natalia Svetlana Tetiana Grace Blessing Joy Mercy Linh Mai Lan Hoa Çağla Zoë Chloë "
    "Noël Anaïs Renée Séverine Jérôme André"
).split(" ")
SURNAMES = (  # noqa: SIM905 - a readable word list
    "de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de Boer|Mulder|"
    "de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|"
    "van der Meer|van der Linden|Kok|Jacobs|de Haan|Vermeulen|van den Heuvel|van der Veen|van den Broek|"
    "de Bruijn|de Bruin|van der Heijden|Schouten|van Beek|Willems|van Vliet|van de Ven|Hoekstra|Maas|"
    "Verhoeven|Koster|van Dam|van der Wal|Prins|Blom|Huisman|Peeters|de Jonge|Kuipers|van Veen|Post|"
    "Kuiper|Veenstra|Kramer|van den Brink|Scholten|van Wijk|Postma|Martens|Vink|de Ruiter|Timmermans|"
    "Groen|Gerritsen|Jonker|van Loon|Boer|Yilmaz|Kaya|Demir|Şahin|Çelik|Yıldız|Öztürk|Aydın|Özdemir|"
    "Arslan|El Amrani|Bouzid|El Idrissi|Benali|Ouali|Aziz|Haddou|Nowak|Kowalski|Wiśniewski|Wójcik|"
    "Kowalczyk|Kamiński|Lewandowski|Zieliński|Szymański|Woźniak|Popescu|Popa|Ionescu|Dumitru|Stan|Stoica|"
    "Gheorghiu|Rusu|Munteanu|Kovalenko|Bondarenko|Tkachenko|Shevchenko|Ivanov|Petrov|Smirnov|Nguyen|Tran|"
    "Le|Pham|Hoang|Mensah|Owusu|Boateng|Okafor|Okeke|Adeyemi"
).split("|")
SYLLABLES = "ka lo mi ra ne to su vi da be ko ri ma no pe la zu sa ti go ha je wo yu ba de fi".split(" ")  # noqa: SIM905 - a readable word list


_CUM: dict[int, list[float]] = {}


def zipf_choice(rng: random.Random, items, s: float = 0.35):
    """A Zipf-like draw (weight 1/rank^s): the first items more often. The commonest given name is about 2% of
    everyone and the commonest surname 1.5% (de Jong is about 0.5% of the Dutch), so namesakes are more common
    than in real life."""
    cum = _CUM.get(len(items))
    if cum is None:
        total, cum = 0.0, []
        for rank in range(1, len(items) + 1):
            total += rank**-s
            cum.append(total)
        _CUM[len(items)] = cum
    return rng.choices(items, cum_weights=cum)[0]


def rare_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10 and digits[0] != 0:
            return "".join(map(str, digits)) + str(last)


def iban(rng: random.Random) -> str:
    bank = rng.choice(["ABNA", "INGB", "RABO", "SNSB", "TRIO"])
    account = f"{rng.randint(0, 9_999_999_999):010d}"
    numeric = "".join(str(int(c, 36)) for c in bank + account + "NL00")
    check = 98 - int(numeric) % 97
    return f"NL{check:02d}{bank}{account}"


_issued: set[str] = set()


def unique(make):
    """A value nobody else has (phone numbers and e-mail addresses are personal)."""
    while True:
        value = make()
        if value not in _issued:
            _issued.add(value)
            return value


def mobile(rng: random.Random) -> str:
    return unique(lambda: f"6{rng.randint(10, 69)}{rng.randint(0, 999_999):06d}")


def plate(rng: random.Random) -> str:
    letters = "BDFGHJKLNPRSTVXZ"
    return "".join(rng.choice(letters) for _ in range(2)) + f"{rng.randint(100, 999)}" + rng.choice(letters)


# --- people ------------------------------------------------------------------------------------------------


class World:
    """Persons with true identifiers; networks share identifiers. Deterministic for a seed."""

    def __init__(self, n_signals: int, seed: int = 5):
        _issued.clear()  # a stream depends on its size and seed only, not on what was generated before
        self.rng = rng = random.Random(seed)
        self.persons: list[dict] = []
        n_persons = int(n_signals / 1.9)
        # Big legitimate places, used by unrelated people: far over the caps at every size.
        n_big = max(2, n_persons // 4000)
        self.big_employers = [
            {
                "name": f"{rare_name(rng)} {rng.choice(['Kwekerij', 'Logistiek', 'Bloemenveiling', 'Distributie'])} B.V.",
                "kvk": f"{rng.randint(10_000_000, 99_999_999)}",
            }
            for _ in range(n_big)
        ]
        self.big_addresses = [
            {
                "postcode": f"{rng.randint(1000, 9999)}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}",
                "house_number": str(rng.randint(1, 300)),
            }
            for _ in range(n_big)
        ]
        network_id = 0
        while len(self.persons) < n_persons:
            if rng.random() < 0.06:  # a network: exploiter + victims (about 30% of people)
                network_id += 1
                self._network(f"n{network_id}")
            else:
                self._person(network=None)
        self.persons = self.persons[:n_persons]

    def _base(self) -> dict:
        rng = self.rng
        given = zipf_choice(rng, GIVEN) if rng.random() < 0.8 else rare_name(rng)
        surname = (
            zipf_choice(rng, SURNAMES)
            if rng.random() < 0.7
            else rare_name(rng) + rng.choice(["", "ova", "escu", "ski"])
        )
        return {
            "given": given,
            "surname": surname,
            "dob": f"{rng.randint(1955, 2009)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "bsn": bsn(rng) if rng.random() < 0.7 else None,
            "phones": [mobile(rng)] + ([mobile(rng)] if rng.random() < 0.15 else []),
            "email": None,
            "iban": iban(rng) if rng.random() < 0.5 else None,
            "address": None,
            "employer": None,
            "contacts": [],
            "plate": None,
        }

    def _person(self, network) -> dict:
        rng = self.rng
        p = self._base()
        p["id"] = f"p{len(self.persons)}"
        p["network"] = network or p["id"]
        if rng.random() < 0.3:
            p["email"] = unique(
                lambda: f"{p['given'][0].lower()}.{rare_name(rng).lower()}{rng.randint(1, 99)}@voorbeeld.nl"
            )
        if network is None:
            r = rng.random()
            if r < 0.6:
                p["address"] = {
                    "postcode": f"{rng.randint(1000, 9999)}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}",
                    "house_number": str(rng.randint(1, 250)),
                    "house_number_suffix": rng.choice(["", "", "", "a", "b", "2"]),
                }
            elif r < 0.68:
                p["address"] = rng.choice(self.big_addresses)
            if rng.random() < 0.15:
                p["employer"] = rng.choice(self.big_employers)
        self.persons.append(p)
        return p

    def _network(self, network: str) -> None:
        rng = self.rng
        houses = [
            {
                "postcode": f"{rng.randint(1000, 9999)}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}",
                "house_number": str(rng.randint(1, 250)),
            }
            for _ in range(rng.randint(1, 2))
        ]
        # Company names and plates are unique: a KvK-registered small firm's trade name rarely repeats within
        # a region, and a plate belongs to one car. (Drawn from a small space without this, ~1 in 4 firms
        # shared a name with another network's at 1M signals, an artefact that joined unrelated networks.)
        kind = rng.choice(["Schoonmaak", "Uitzendbureau", "Nagelstudio", "Bouw", "Car Wash"])
        company = {
            "name": unique(lambda: f"{rare_name(rng)}{rng.choice(SYLLABLES)} {kind}"),
            "kvk": unique(lambda: f"{rng.randint(10_000_000, 99_999_999)}"),
        }
        exploiter = self._person(network)
        exploiter["employer"] = company
        exploiter["plate"] = unique(lambda: plate(rng))
        account = iban(rng)
        exploiter["iban"] = account
        handler_phone = exploiter["phones"][0]
        for _ in range(rng.randint(2, 10)):
            v = self._person(network)
            v["address"] = rng.choice(houses) if rng.random() < 0.85 else None
            v["employer"] = company if rng.random() < 0.6 else None
            if rng.random() < 0.7:
                v["contacts"].append({"role": "handler", "phone": handler_phone})
            if rng.random() < 0.3:
                v["contacts"].append({"role": "driver", "vehicle_plate": exploiter["plate"]})
            if rng.random() < 0.2:
                v["iban"] = account  # wages paid into the exploiter's account
            if rng.random() < 0.15:
                v["phones"] = [handler_phone]  # the handler's number given as her own


SOURCES = [
    "huisarts-west",
    "politie-noord",
    "schuldhulp-oost",
    "wijkteam-zuid",
    "loket-centrum",
    "ggd-regio",
    "school-noord",
    "woningcorp-west",
    "ziekenhuis-zuid",
]


def typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.random()
    if op < 0.35:
        return word[:i] + rng.choice("aeioulnrst") + word[i + 1 :]
    if op < 0.7:
        return word[:i] + word[i + 1 :]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def strip_diacritics(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).replace(
        "ı", "i"
    )


def phone_written(rng: random.Random, digits: str) -> str:
    f = rng.random()
    if f < 0.3:
        return f"0{digits[0]}-{digits[1:]}"
    if f < 0.55:
        return f"+31 {digits[0]} {digits[1:5]} {digits[5:]}"
    if f < 0.75:
        return f"0{digits}"
    if f < 0.9:
        return f"+31{digits}"
    return f"0031 {digits}"


def signal_of(rng: random.Random, p: dict, sid: str, shared: list | None = None) -> dict:
    """One noisy signal about person p. Appends to `shared` the true (noise-free) value of every network
    identifier the signal carries, for the "connected" ground truth (draws nothing extra from rng)."""
    shared = [] if shared is None else shared
    given, surname = p["given"], p["surname"]
    if rng.random() < 0.12:
        given = typo(rng, given)
    if rng.random() < 0.12:
        words = surname.split()
        words[-1] = typo(rng, words[-1])
        surname = " ".join(words)
    if rng.random() < 0.25:
        given, surname = strip_diacritics(given), strip_diacritics(surname)
    person: dict = {}
    form = rng.random()
    if rng.random() < 0.05:
        person["given_names"], person["surname"] = surname, given  # swapped fields
    elif form < 0.35:
        person["given_names"], person["surname"] = given, surname
    elif form < 0.6:
        person["name"] = f"{given} {surname}"
    elif form < 0.75:
        words = surname.split()
        prefix = " ".join(words[:-1])
        person["name"] = f"{words[-1]}, {prefix + ', ' if prefix else ''}{given}"
    elif form < 0.85:
        person["name"] = f"{given[0]}. {surname}"  # initials only
    elif form < 0.98:
        person["name"] = f"{given} {surname}".upper()
    else:
        pass  # no name at all
    if rng.random() < 0.9:
        y, m, d = p["dob"].split("-")
        r = rng.random()
        if r < 0.05 and int(d) <= 12:
            m, d = d, m
        elif r < 0.08:
            d = f"{(int(d) % 28) + 1:02d}" if rng.random() < 0.5 else d
            y = y[:3] + str((int(y[3]) + 1) % 10) if d == p["dob"][8:] else y
        person["birth_date"] = f"{d}-{m}-{y}" if rng.random() < 0.5 else f"{y}-{m}-{d}"
    if p["bsn"] and rng.random() < 0.4:
        person["bsn"] = p["bsn"] if rng.random() < 0.7 else f"{p['bsn'][:4]}.{p['bsn'][4:6]}.{p['bsn'][6:]}"
    if rng.random() < 0.6:
        own_phone = rng.choice(p["phones"])
        person["phone"] = phone_written(rng, own_phone)
        shared.append("phone:" + own_phone)
    if p["email"] and rng.random() < 0.5:
        person["email"] = p["email"].upper() if rng.random() < 0.2 else p["email"]
        shared.append("email:" + p["email"])
    if p["iban"] and rng.random() < 0.35:
        person["iban"] = (
            " ".join(p["iban"][i : i + 4] for i in range(0, 18, 4)).lower()
            if rng.random() < 0.3
            else p["iban"]
        )
        shared.append("iban:" + p["iban"])
    out: dict = {"id": sid, "source": rng.choice(SOURCES), "person": person}
    if p["address"] and rng.random() < 0.75:
        a = p["address"]
        pc = a["postcode"]
        out["address"] = {
            "postcode": pc if rng.random() < 0.5 else f"{pc[:4]} {pc[4:].lower()}",
            "house_number": a["house_number"] + (a.get("house_number_suffix") or ""),
        }
        shared.append(f"addr:{pc}|{a['house_number']}{a.get('house_number_suffix') or ''}")
    if p["employer"] and rng.random() < 0.7:
        e = p["employer"]
        out["employer"] = (
            {"kvk": e["kvk"]}
            if rng.random() < 0.4
            else {"name": e["name"] if rng.random() < 0.5 else e["name"].upper()}
        )
        shared.append("empl:" + e["kvk"])  # the same employer, whether written as KvK number or name
    contacts = [c for c in p["contacts"] if rng.random() < 0.7]
    for c in contacts:
        shared.extend(f"{'phone' if k == 'phone' else 'plate'}:{v}" for k, v in c.items() if k != "role")
    if contacts:
        out["contacts"] = [
            {k: (phone_written(rng, v) if k == "phone" else v) for k, v in c.items()} for c in contacts
        ]
    if p["plate"] and rng.random() < 0.5:
        pl = p["plate"]
        out["vehicle_plate"] = f"{pl[:2]}-{pl[2:5]}-{pl[5:]}" if rng.random() < 0.5 else pl.lower()
        shared.append("plate:" + pl)
    return out


def stream(n_signals: int, seed: int = 5):
    """(signal line, person id, network id, connected id) for n signals, persons interleaved.

    Two ground truths at network level: `network` is membership of the same exploitation network, whether or
    not any identifier shows it (a victim whose signals name no address, employer, phone, account or car is
    still in it); `connected` is what the issue defines as the network level, "signals connected through
    shared addresses, employers, phones (including contacts' phones), bank accounts or vehicles": the
    connected components over same person, and same network + the same true identifier (noise-free value;
    an employer written as KvK number in one signal and as its name in another counts as shared)."""
    world = World(n_signals, seed)
    rng = random.Random(seed + 1)
    counts = [1 + min(int(rng.expovariate(1.1)), 8) for _ in world.persons]
    slots = [i for i, c in enumerate(counts) for _ in range(c)]
    rng.shuffle(slots)
    out = []
    shared: list[list[str]] = []
    for k, i in enumerate(slots[:n_signals]):
        p = world.persons[i]
        shared.append([])
        out.append((signal_of(rng, p, f"s{k}", shared[-1]), p["id"], p["network"]))
    while len(out) < n_signals:  # top up with one-signal people
        p = world._person(None)
        shared.append([])
        out.append((signal_of(rng, p, f"s{len(out)}", shared[-1]), p["id"], p["network"]))
    return [(*row, c) for row, c in zip(out, connected_truth(out, shared), strict=True)]


def components(n: int, pairs) -> list[int]:
    """Connected components of items 0..n-1 joined by the (i, j) pairs: the smallest item of its component,
    per item (union-find with path halving)."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs:
        ra, rb = find(i), find(j)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [find(i) for i in range(n)]


def connected_truth(rows: list[tuple], shared: list[list[str]]) -> list[str]:
    """Component id per signal: same person, or same network and a shared true identifier."""
    first: dict = {}
    pairs = (
        (i, first.setdefault(key, i))
        for i, (_, person, network) in enumerate(rows)
        for key in [("p", person)] + [("n", network, t) for t in shared[i]]
    )
    return [f"c{root}" for root in components(len(rows), pairs)]


# --- metrics -----------------------------------------------------------------------------------------------


def pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(predicted: list, truth: list) -> tuple[float, float, float]:
    """Pairwise precision, recall, F1 from the contingency table of predicted x true clusters."""
    tp = sum(pairs(c) for c in Counter(zip(predicted, truth, strict=True)).values())
    pp = sum(pairs(c) for c in Counter(predicted).values())
    tt = sum(pairs(c) for c in Counter(truth).values())
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def peak_rss_mb() -> float:
    """Peak RSS of this process plus that of its largest child (ours forks WORKERS - 1 processes for the batch
    link; pages they share with this one are counted twice, so this is an upper bound)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (own + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * max(0, WORKERS - 1)) / 1024


# --- workers -----------------------------------------------------------------------------------------------


def load(path: Path):
    lines, person, network, connected = [], [], [], []
    with path.open() as fh:
        for row in fh:
            line, p, n, c = json.loads(row)
            lines.append(line)
            person.append(p)
            network.append(n)
            connected.append(c)
    return lines, person, network, connected


HELD_OUT = 1000  # signals linked one by one after the batch, for the p95
WORKERS = min(2, usable_cores())  # processes sharing our batch link (linkage.Linker, `workers`)


def worker_ours(path: Path) -> dict:
    from signaalwijzer.linkage import Linker, normalise_signal, signal_keys
    from signaalwijzer.linkage.cluster import Decisions

    lines, person, network, connected = load(path)
    secret = b"bench-link-key"
    t0 = time.perf_counter()
    # What the hub stores per signal (SignalKeys.to_json()); the batch link starts from these.
    records = [(line["id"], signal_keys(normalise_signal(line), secret).to_json()) for line in lines]
    t_keys = time.perf_counter() - t0
    ids_all = [line["id"] for line in lines]
    del lines

    n_batch = len(records) - HELD_OUT if len(records) > 10 * HELD_OUT else len(records)
    batch, held_out = records[:n_batch], records[n_batch:]
    del records

    def consumed(rows: list):
        """The stored keys as the hub reads them, row after row: a row is let go once linked."""
        for k, row in enumerate(rows):
            rows[k] = None
            yield row

    t0 = time.perf_counter()
    linker = Linker.build(consumed(batch), Decisions(), workers=WORKERS)
    clusters = linker.clusters()
    t_link = time.perf_counter() - t0
    gc.freeze()  # the store is long-lived: keep the collector's full passes off the per-signal timings
    ids = ids_all[:n_batch]
    p_person = pairwise([clusters.person[i] for i in ids], person[:n_batch])
    predicted_network = [clusters.network[i] for i in ids]
    p_network = pairwise(predicted_network, connected[:n_batch])
    p_latent = pairwise(predicted_network, network[:n_batch])
    times = []
    for sid, k in held_out:
        t = time.perf_counter()
        linker.add(sid, k)
        times.append(time.perf_counter() - t)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))] * 1000 if times else None
    return {
        "engine": "signaalwijzer",
        "signals": n_batch,
        "prepare_s": t_keys,
        "link_s": t_link,
        "person": p_person,
        "network": p_network,
        "latent": p_latent,
        "rss_mb": peak_rss_mb(),
        "p95_ms": p95,
        "common": len(linker.common),
    }


def worker_splink(path: Path) -> dict:
    import logging

    import duckdb
    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from signaalwijzer.linkage import normalise_signal
    from signaalwijzer.linkage.cluster import CAPS

    logging.getLogger("splink").setLevel(logging.ERROR)
    lines, person, network, connected = load(path)
    n_batch = len(lines) - HELD_OUT if len(lines) > 10 * HELD_OUT else len(lines)
    lines, person, network = lines[:n_batch], person[:n_batch], network[:n_batch]
    connected = connected[:n_batch]
    t0 = time.perf_counter()
    cols: dict[str, list] = {
        k: [] for k in ("unique_id", "first_name", "surname", "dob", "bsn", "phone", "email", "iban")
    }
    net_ids: list[list[str]] = []
    for i, line in enumerate(lines):
        n = normalise_signal(line)
        cols["unique_id"].append(i)
        given = n.name.given_names.split()
        cols["first_name"].append(given[0] if given else (n.name.initials[:1] or None))
        cols["surname"].append(n.name.surname or None)
        cols["dob"].append(n.birth_date or None)
        cols["bsn"].append(n.bsn or None)
        cols["phone"].append(n.phone or None)
        cols["email"].append(n.email or None)
        cols["iban"].append(n.iban or None)
        ids = [f"phone:{x}" for x in [n.phone] + [c.phone for c in n.contacts] if x]
        ids += [f"iban:{x}" for x in [n.iban] + [c.iban for c in n.contacts] if x]
        ids += [f"email:{x}" for x in [n.email] + [c.email for c in n.contacts] if x]
        ids += [f"plate:{x}" for x in [n.vehicle_plate] + [c.vehicle_plate for c in n.contacts] if x]
        if n.postcode and n.house_number:
            ids.append(f"addr:{n.postcode}{n.house}")
        if n.kvk:
            ids.append(f"kvk:{n.kvk}")
        if n.employer_key:
            ids.append(f"empl:{n.employer_key}")
        net_ids.append(ids)
    table = pa.table(cols)
    t_prepare = time.perf_counter() - t0

    t0 = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    # Bounded memory (DuckDB spills to disk beyond it), so a big run cannot starve the machine.
    con.execute(f"SET memory_limit = '{os.environ.get('BENCH_SPLINK_MEMORY', '6GB')}'")
    con.execute(f"SET temp_directory = '{SCRATCH / 'duckdb-tmp'}'")
    # ... and bounded spill: at 1M signals Splink's blocked pairs once spilled ~150 GB and filled the disk.
    con.execute(f"SET max_temp_directory_size = '{os.environ.get('BENCH_SPLINK_SPILL', '20GB')}'")
    con.execute("SET preserve_insertion_order = false")
    db_api = DuckDBAPI(connection=con)
    df = db_api.register(table)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ForenameSurnameComparison("first_name", "surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("bsn"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("email"),
            cl.ExactMatch("iban"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("bsn"),
            block_on("phone"),
            block_on("email"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
            block_on("first_name", "surname"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(df, settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("bsn"), block_on("first_name", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    # EM in two passes, each estimating the comparisons its blocking columns leave free: on the birth date
    # (names, identifiers) and on first name + surname (birth date, identifiers). A pass blocked on the
    # surname alone estimates no more (the name comparison uses the surname) but at 1M signals pairs up
    # every two holders of a common surname, and ran out of 16 GB of memory and 50 GB of spill.
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.9)
    rel = clustered.as_duckdbpyrelation().select("unique_id, cluster_id")
    person_cluster = dict(rel.fetchall())
    t_person = time.perf_counter() - t0
    # Network level for Splink: connected components over Splink's person clusters plus shared network
    # identifiers (readable, normalised), with the same caps as ours.
    t1 = time.perf_counter()
    first_of: dict = {}
    pairs = [(i, first_of.setdefault(person_cluster[i], i)) for i in range(n_batch)]
    holders: dict[str, list[int]] = {}
    for i, ids in enumerate(net_ids):
        for t in ids:
            holders.setdefault(t, []).append(i)
    for t, hs in holders.items():
        if 1 < len(hs) <= CAPS.get(t.split(":")[0], 100):
            pairs += [(h, hs[0]) for h in hs[1:]]
    network_cluster = components(n_batch, pairs)
    t_network = time.perf_counter() - t1
    return {
        "engine": "splink 5 + duckdb",
        "signals": n_batch,
        "prepare_s": t_prepare,
        "link_s": t_person + t_network,
        "person": pairwise([person_cluster[i] for i in range(n_batch)], person),
        "network": pairwise(network_cluster, connected),
        "latent": pairwise(network_cluster, network),
        "rss_mb": peak_rss_mb(),
        "p95_ms": None,
    }


# --- main --------------------------------------------------------------------------------------------------


def write_stream(n: int) -> Path:
    SCRATCH.mkdir(parents=True, exist_ok=True)
    path = SCRATCH / f"stream-v3-{n}.jsonl"
    if not path.exists():
        t0 = time.perf_counter()
        rows = stream(n)
        with path.open("w") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"  generated {n:,} signals in {time.perf_counter() - t0:.1f} s -> {path}", flush=True)
    return path


def run_worker(engine: str, path: Path, timeout: float | None = None) -> dict | None:
    try:
        proc = subprocess.run(
            [sys.executable, __file__, "--worker", engine, str(path)],
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        print(f"  {engine} did not finish within {timeout:.0f} s on {path.name}", flush=True)
        return None
    if proc.returncode != 0:
        print(f"  {engine} failed:\n{proc.stderr[-3000:]}", flush=True)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def fmt(r: dict) -> str:
    p95 = f"{r['p95_ms']:.2f}" if r.get("p95_ms") is not None else "-"
    return (
        f"| {r['signals']:>9,} | {r['engine']:<18} | {r['person'][0]:.4f} | {r['person'][1]:.4f} | "
        f"{r['person'][2]:.4f} | {r['network'][0]:.4f} | {r['network'][1]:.4f} | {r['network'][2]:.4f} | "
        f"{r['latent'][2]:.4f} | "
        f"{r['prepare_s']:8.1f} | {r['link_s']:8.1f} | {r['rss_mb']:8.0f} | {p95:>6} |"
    )


HEADER = (
    "| signals   | engine             | P pers | R pers | F1 pers| P netw | R netw | F1 netw| F1 lat | prep s   | "
    "link s   | peak MB  | p95 ms |\n|" + "---|" * 13
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument(
        "--splink-timeout",
        type=float,
        default=1800,
        help="seconds before a Splink run is stopped (default 1800)",
    )
    parser.add_argument("--worker", nargs=2, metavar=("ENGINE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        engine, path = args.worker
        result = (worker_ours if engine == "ours" else worker_splink)(Path(path))
        print(json.dumps(result))
        return
    splink = not args.no_splink
    if splink:
        try:
            import duckdb  # noqa: F401
            import splink as _splink  # noqa: F401
        except ImportError:
            print('Splink is not installed: .venv/bin/pip install -e ".[bench]"  (measuring ours only)')
            splink = False
    print(
        f"Linkage benchmark, {os.cpu_count()} cores. prep = normalise + keyed hashes (ours) / normalise + "
        "table (Splink); link = batch link from stored keys (ours) / train + predict + cluster + network "
        f"components (Splink); p95 = one new signal into the in-memory store (linkage.Linker), {HELD_OUT} "
        "signals held out of the batch.\n"
    )
    results = []
    for n in args.sizes:
        path = write_stream(n)
        for engine in ["ours"] + (["splink"] if splink else []):
            r = run_worker(engine, path, args.splink_timeout if engine == "splink" else None)
            if r:
                results.append(r)
                print(fmt(r) if len(results) > 1 else HEADER + "\n" + fmt(r), flush=True)
    print("\n" + HEADER)
    for r in results:
        print(fmt(r))


if __name__ == "__main__":
    main()
