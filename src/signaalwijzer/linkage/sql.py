"""The batch link as plain SQL, for engines that outgrow one machine (issue 5 §3, docs/linkage-distributed.md).

The same rules as `compare` + `cluster.batch_link`, written as set operations over narrow tables:

    sig(seq, id, bsn, dob, dob_swap, given_key, surname_key, initial, has_given, has_clk, c0..c7, clk_n,
        given_letters, has_clk_g, g0..g7, clk_g_n)
    tok(seq, token, kind, ctx) every blocking token          own(seq, token, kind)  own phone/e-mail/IBAN
    word(seq, h)               surname words                 near(seq, h)           one-digit-masked dates
    gword(seq, h)              given-name words              adj(seq, h)            the day before and after
    caps(kind, cap)            decision(level, a, b, kind)   (a < b as seq)

`seq` numbers the signals in cluster-id order ((length, text) of the id), so the smallest label of a component
is its cluster id. Steps: common tokens (GROUP BY ... HAVING count > cap) -> candidate pairs (self-join on
token) -> pair rule (CASE expressions) -> decisions -> connected components by iterative min-label propagation
(one UPDATE-free INSERT...SELECT per round, until no label changes: the usual way on Spark/Trino too).

Only standard SQL plus `bit_count(BIGINT)` and `&` on BIGINT (DuckDB and Spark have both; Trino spells them
`bit_count(x, 64)` and `bitwise_and`; SQLite gets a Python function). Runs here on any DB-API connection:
`sql_batch_link(connection, records, decisions)`.
"""

# ruff: noqa: S608 - the SQL is built from module constants (levels, kinds, column counts), never from data;
# data goes in through DB-API parameters.
from __future__ import annotations

from collections.abc import Iterable, Mapping

from signaalwijzer.linkage.cluster import CAPS, DEFAULT_CAP, Clusters, Decisions, cluster_key
from signaalwijzer.linkage.compare import (
    CONTEXT_NAME_POINTS,
    CONTEXT_POINTS,
    DOB_NEAR_POINTS,
    GIVEN_DICE_MIN,
    NAME_POINTS,
    NETWORK_KINDS,
    PERSON_THRESHOLD,
    UNNAMED_CONTEXT_POINTS,
    features,
)
from signaalwijzer.linkage.keys import CLK_BITS, SignalKeys

_NET = ", ".join(f"'{k}'" for k in sorted(NETWORK_KINDS))

SCHEMA = [
    "CREATE TABLE sig (seq INTEGER, id VARCHAR, bsn VARCHAR, dob VARCHAR, dob_swap VARCHAR, given_key VARCHAR, "
    "surname_key VARCHAR, initial VARCHAR, has_given INTEGER, has_clk INTEGER, "
    + ", ".join(f"c{i} BIGINT" for i in range(CLK_BITS // 64))
    + ", clk_n INTEGER, given_letters VARCHAR, has_clk_g INTEGER, "
    + ", ".join(f"g{i} BIGINT" for i in range(CLK_BITS // 64))
    + ", clk_g_n INTEGER)",
    "CREATE TABLE tok (seq INTEGER, token VARCHAR, kind VARCHAR, ctx INTEGER)",
    "CREATE TABLE own (seq INTEGER, token VARCHAR, kind VARCHAR)",
    "CREATE TABLE word (seq INTEGER, h VARCHAR)",
    "CREATE TABLE gword (seq INTEGER, h VARCHAR)",
    "CREATE TABLE near (seq INTEGER, h VARCHAR)",
    "CREATE TABLE adj (seq INTEGER, h VARCHAR)",
    "CREATE TABLE caps (kind VARCHAR, cap INTEGER)",
    "CREATE TABLE decision (level VARCHAR, a INTEGER, b INTEGER, kind VARCHAR)",
]

_DICE = " + ".join(f"bit_count(sa.c{i} & sb.c{i})" for i in range(CLK_BITS // 64))
_GIVEN_DICE = " + ".join(f"bit_count(sa.g{i} & sb.g{i})" for i in range(CLK_BITS // 64))
_NAME_POINTS = " ".join(f"WHEN dice >= {t} THEN {v}" for t, v in NAME_POINTS)

# The pair rule of linkage.compare, step by step (keep the two in step: tests/linkage/test_sql.py).
STEPS = [
    # Tokens held by more signals than their cap find nothing and prove nothing.
    f"""CREATE TABLE common AS
    SELECT t.token FROM tok t LEFT JOIN caps c ON c.kind = t.kind
    GROUP BY t.token, c.cap HAVING count(*) > coalesce(c.cap, {DEFAULT_CAP})""",
    """CREATE TABLE live AS SELECT seq, token, kind, ctx FROM tok WHERE token NOT IN (SELECT token FROM common)""",
    f"""CREATE TABLE cand AS
    SELECT a.seq AS a, b.seq AS b,
           max(CASE WHEN a.kind IN ({_NET}) THEN 1 ELSE 0 END) AS net_shared,
           max(CASE WHEN a.kind = 'bsn' THEN 1 ELSE 0 END) AS bsn_live,
           max(CASE WHEN a.ctx = 1 AND b.ctx = 1 THEN 1 ELSE 0 END) AS ctx_shared
    FROM live a JOIN live b ON a.token = b.token AND a.seq < b.seq
    GROUP BY a.seq, b.seq""",
    """CREATE TABLE own_pts AS
    SELECT x.seq AS a, y.seq AS b,
           sum(CASE x.kind WHEN 'email' THEN 6 WHEN 'iban' THEN 5 ELSE 5 END) AS pts
    FROM own x JOIN own y ON x.token = y.token AND x.seq < y.seq
    WHERE x.token NOT IN (SELECT token FROM common)
    GROUP BY x.seq, y.seq""",
    """CREATE TABLE same_surname AS
    SELECT DISTINCT x.seq AS a, y.seq AS b FROM word x JOIN word y ON x.h = y.h AND x.seq < y.seq""",
    """CREATE TABLE given_shared AS
    SELECT DISTINCT x.seq AS a, y.seq AS b FROM gword x JOIN gword y ON x.h = y.h AND x.seq < y.seq
    UNION SELECT DISTINCT x.seq AS a, y.seq AS b FROM gword x JOIN word y ON x.h = y.h AND x.seq < y.seq
    UNION SELECT DISTINCT x.seq AS a, y.seq AS b FROM word x JOIN gword y ON x.h = y.h AND x.seq < y.seq""",
    """CREATE TABLE near_dob AS
    SELECT DISTINCT x.seq AS a, y.seq AS b FROM near x JOIN near y ON x.h = y.h AND x.seq < y.seq
    UNION SELECT DISTINCT x.seq AS a, y.seq AS b FROM sig x JOIN adj y ON x.dob = y.h AND x.seq < y.seq
    UNION SELECT DISTINCT y.seq AS a, x.seq AS b FROM sig x JOIN adj y ON x.dob = y.h AND y.seq < x.seq""",
    f"""CREATE TABLE pair1 AS
    SELECT c.a, c.b, c.net_shared, c.ctx_shared,
      CASE WHEN sa.bsn <> '' AND sb.bsn <> '' AND sa.bsn = sb.bsn AND c.bsn_live = 1 THEN 1 ELSE 0 END AS bsn_equal,
      CASE WHEN sa.bsn <> '' AND sb.bsn <> '' THEN
        CASE WHEN sa.bsn = sb.bsn THEN CASE WHEN c.bsn_live = 1 THEN 12 ELSE 0 END ELSE -12 END
      ELSE 0 END AS bsn_pts,
      CASE WHEN sa.has_clk = 1 AND sb.has_clk = 1 THEN 2.0 * ({_DICE}) / (sa.clk_n + sb.clk_n) ELSE NULL END AS dice,
      CASE WHEN ss.a IS NULL THEN 0 ELSE 1 END AS same_surname,
      CASE WHEN sa.given_letters <> sb.given_letters THEN 1 ELSE 0 END AS letters_differ,
      CASE WHEN sa.has_clk_g = 1 AND sb.has_clk_g = 1 AND gs.a IS NULL
                AND 2 * ({_GIVEN_DICE}) < {GIVEN_DICE_MIN} * (sa.clk_g_n + sb.clk_g_n)
           THEN 1 ELSE 0 END AS given_differ,
      CASE WHEN sa.has_given = 0 OR sb.has_given = 0 THEN 1 ELSE 0 END AS incomplete,
      CASE WHEN sa.initial <> '' AND sb.initial <> '' AND sa.initial <> sb.initial THEN 1 ELSE 0 END AS ini_differ,
      CASE WHEN sa.initial <> '' AND sa.initial = sb.initial THEN 1 ELSE 0 END AS ini_same,
      CASE WHEN sa.given_key = sb.given_key AND sa.surname_key = sb.surname_key
                AND (sa.has_given = 1 OR sa.initial = sb.initial) THEN 1 ELSE 0 END AS name_same,
      CASE WHEN sa.has_given = 1 AND sa.given_key = sb.surname_key AND sa.surname_key = sb.given_key
           THEN 1 ELSE 0 END AS name_swapped,
      CASE WHEN sa.has_clk = 1 AND sb.has_clk = 1 THEN 1 ELSE 0 END AS both_clk,
      CASE WHEN sa.dob <> '' AND sb.dob <> '' THEN
        CASE WHEN sa.dob = sb.dob THEN 6 WHEN sa.dob = sb.dob_swap THEN 5 WHEN nd.a IS NOT NULL THEN {DOB_NEAR_POINTS} ELSE -6 END
      ELSE 0 END AS dob_pts,
      coalesce(op.pts, 0) AS own_pts
    FROM cand c
    JOIN sig sa ON sa.seq = c.a JOIN sig sb ON sb.seq = c.b
    LEFT JOIN same_surname ss ON ss.a = c.a AND ss.b = c.b
    LEFT JOIN given_shared gs ON gs.a = c.a AND gs.b = c.b
    LEFT JOIN near_dob nd ON nd.a = c.a AND nd.b = c.b
    LEFT JOIN own_pts op ON op.a = c.a AND op.b = c.b""",
    f"""CREATE TABLE pair2 AS
    SELECT p.*,
      CASE WHEN both_clk = 0 THEN 0 ELSE
        CASE {_NAME_POINTS} WHEN dice < 0.5 THEN -5 ELSE 0 END
      END AS base
    FROM pair1 p""",
    """CREATE TABLE pair3 AS
    SELECT p.*,
      CASE WHEN both_clk = 0 THEN 0
           WHEN name_same = 1 OR name_swapped = 1 THEN base
           WHEN ini_differ = 1 AND incomplete = 1 THEN -5
           WHEN same_surname = 1 AND given_differ = 1 AND letters_differ = 1 THEN -5
           WHEN same_surname = 1 AND ini_same = 1 AND incomplete = 1 THEN CASE WHEN base < 5 THEN 5 ELSE base END
           WHEN same_surname = 1 AND incomplete = 1 AND base < 3 THEN 3
           WHEN base < 4 AND same_surname = 1 AND ini_same = 1 AND dice >= 0.65 THEN 4
           ELSE base END AS name_raw
    FROM pair2 p""",
    """CREATE TABLE pair4 AS
    SELECT p.*,
      CASE WHEN both_clk = 1 AND incomplete = 1 AND name_raw < 0 AND ini_differ = 0 THEN 0 ELSE name_raw END
        AS name_pts
    FROM pair3 p""",
    f"""CREATE TABLE pair AS
    SELECT a, b, net_shared,
      CASE WHEN bsn_pts + name_pts + dob_pts + own_pts
                + CASE WHEN name_pts >= {CONTEXT_NAME_POINTS} AND ctx_shared = 1 THEN {CONTEXT_POINTS}
                       WHEN name_pts = 0 AND dob_pts = 6 AND ctx_shared = 1 THEN {UNNAMED_CONTEXT_POINTS}
                       ELSE 0 END
                >= {PERSON_THRESHOLD}
            AND (bsn_equal = 1 OR name_pts >= 0)
           THEN 1 ELSE 0 END AS person
    FROM pair4""",
    # Decisions: a split removes the link (a person split keeps network evidence), a confirmation adds it.
    """CREATE TABLE edge AS
    SELECT coalesce(p.a, d.a) AS a, coalesce(p.b, d.b) AS b,
      CASE WHEN max(CASE WHEN d.kind = 'confirmed' AND d.level = 'person' THEN 1 ELSE 0 END) = 1 THEN 1
           WHEN max(CASE WHEN d.kind = 'split' THEN 1 ELSE 0 END) = 1 THEN 0
           ELSE max(coalesce(p.person, 0)) END AS person,
      CASE WHEN max(CASE WHEN d.kind = 'confirmed' THEN 1 ELSE 0 END) = 1 THEN 1
           WHEN max(CASE WHEN d.kind = 'split' AND d.level = 'network' THEN 1 ELSE 0 END) = 1 THEN 0
           WHEN max(CASE WHEN d.kind = 'split' AND d.level = 'person' THEN 1 ELSE 0 END) = 1
             THEN max(coalesce(p.net_shared, 0))
           ELSE max(CASE WHEN p.person = 1 OR p.net_shared = 1 THEN 1 ELSE 0 END) END AS network
    FROM pair p FULL OUTER JOIN decision d ON d.a = p.a AND d.b = p.b
    GROUP BY coalesce(p.a, d.a), coalesce(p.b, d.b)""",
]


def _components(cur, level: str) -> None:
    """Connected components by min-label propagation over the edges of `level`."""
    cur.execute(
        f"CREATE TABLE e_{level} AS SELECT a, b FROM edge WHERE {level} = 1 "
        f"UNION ALL SELECT b AS a, a AS b FROM edge WHERE {level} = 1"
    )
    cur.execute(f"CREATE TABLE lbl_{level}_0 AS SELECT seq, seq AS lbl FROM sig")
    round_ = 0
    while True:
        cur.execute(
            f"""CREATE TABLE lbl_{level}_{round_ + 1} AS
            SELECT l.seq, min(CASE WHEN n.lbl IS NOT NULL AND n.lbl < l.lbl THEN n.lbl ELSE l.lbl END) AS lbl
            FROM lbl_{level}_{round_} l
            LEFT JOIN e_{level} e ON e.a = l.seq
            LEFT JOIN lbl_{level}_{round_} n ON n.seq = e.b
            GROUP BY l.seq"""
        )
        cur.execute(
            f"""SELECT count(*) FROM lbl_{level}_{round_ + 1} x JOIN lbl_{level}_{round_} y ON x.seq = y.seq
            WHERE x.lbl <> y.lbl"""
        )
        changed = cur.fetchone()[0]
        cur.execute(f"DROP TABLE lbl_{level}_{round_}")
        round_ += 1
        if not changed:
            break
    cur.execute(f"CREATE TABLE lbl_{level} AS SELECT * FROM lbl_{level}_{round_}")
    cur.execute(f"DROP TABLE lbl_{level}_{round_}")


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _words(bits: int) -> list[int]:
    """A Bloom filter as CLK_BITS // 64 signed BIGINTs, lowest first."""
    return [_signed((bits >> (64 * i)) & ((1 << 64) - 1)) for i in range(CLK_BITS // 64)]


def sql_batch_link(
    connection,
    records: Iterable[tuple[str, SignalKeys | dict]],
    decisions: Decisions | None = None,
    *,
    caps: Mapping[str, int] | None = None,
) -> Clusters:
    """Load the records into an empty database behind `connection` (DB-API), run STEPS, read the clusters."""
    records = sorted(((str(sid), keys) for sid, keys in records), key=lambda r: cluster_key(r[0]))
    seq_of = {sid: n for n, (sid, _) in enumerate(records)}
    cur = connection.cursor()
    for statement in SCHEMA:
        cur.execute(statement)
    sig_rows, tok_rows, own_rows, word_rows, gword_rows, near_rows, adj_rows = [], [], [], [], [], [], []
    chunks = CLK_BITS // 64
    for n, (sid, keys) in enumerate(records):
        f = features(keys)
        sig_rows.append(
            (
                n,
                sid,
                f.bsn,
                f.dob,
                f.dob_swap,
                ",".join(sorted(f.given)),
                ",".join(sorted(f.surname)),
                f.initial,
                int(bool(f.given)),
                int(bool(f.clk)),
                *_words(f.clk),
                f.clk_n,
                f.given_letters,
                int(bool(f.clk_g)),
                *_words(f.clk_g),
                f.clk_g_n,
            )
        )
        tok_rows += [(n, t, t.split(":", 1)[0], int(t in f.net and t not in f.own)) for t in sorted(f.tokens)]
        own_rows += [(n, t, t.split(":", 1)[0]) for t in sorted(f.own)]
        word_rows += [(n, h) for h in sorted(f.surname)]
        gword_rows += [(n, h) for h in sorted(f.given)]
        near_rows += [(n, h) for h in sorted(f.dob_near)]
        adj_rows += [(n, h) for h in f.dob_adj]
    marks = ", ".join(["?"] * (10 + chunks + 1 + 1 + 1 + chunks + 1))
    cur.executemany(f"INSERT INTO sig VALUES ({marks})", sig_rows)
    cur.executemany("INSERT INTO tok VALUES (?, ?, ?, ?)", tok_rows)
    cur.executemany("INSERT INTO own VALUES (?, ?, ?)", own_rows)
    cur.executemany("INSERT INTO word VALUES (?, ?)", word_rows)
    cur.executemany("INSERT INTO gword VALUES (?, ?)", gword_rows)
    cur.executemany("INSERT INTO near VALUES (?, ?)", near_rows)
    cur.executemany("INSERT INTO adj VALUES (?, ?)", adj_rows)
    cur.executemany("INSERT INTO caps VALUES (?, ?)", list((caps or CAPS).items()))
    decision_rows = []
    for kind, rows in (
        ("confirmed", (decisions or Decisions()).confirmed),
        ("split", (decisions or Decisions()).split),
    ):
        for level, a, b in rows:
            if str(a) in seq_of and str(b) in seq_of:
                x, y = sorted((seq_of[str(a)], seq_of[str(b)]))
                decision_rows.append((level, x, y, kind))
    if decision_rows:
        cur.executemany("INSERT INTO decision VALUES (?, ?, ?, ?)", decision_rows)
    for statement in STEPS:
        cur.execute(statement)
    out = {}
    for level in ("person", "network"):
        _components(cur, level)
        cur.execute(f"SELECT seq, lbl FROM lbl_{level}")
        out[level] = {records[seq][0]: records[lbl][0] for seq, lbl in cur.fetchall()}
    cur.execute("SELECT token FROM common")
    common = frozenset(row[0] for row in cur.fetchall())
    return Clusters(person=out["person"], network=out["network"], common=common)


def sqlite_connection():
    """An in-memory SQLite database with bit_count(), for tests and small runs."""
    import sqlite3

    connection = sqlite3.connect(":memory:")
    connection.create_function(
        "bit_count", 1, lambda x: (x & ((1 << 64) - 1)).bit_count(), deterministic=True
    )
    return connection
