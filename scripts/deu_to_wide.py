#!/usr/bin/env python3
"""Convert rows of the DEU III data set (Arregui & Perarnaud 2021, doi:10.34810/data53)
into statecraft wide issue tables, one file per legislative proposal.

Input: catalogue/deu3/deu3_subset.tsv, rows copied unchanged from the tab-separated copy
of DEU III in github.com/blksv/predictioneers_game (deu3.csv, commit 21b9737); see
catalogue/README.md for provenance. Output: catalogue/deu3/<proposal>.csv.

Rules (also in catalogue/README.md):
- columns p<actor>/s<actor> are position and salience (0-100); an empty position means the
  actor holds no position on that issue (it sits the issue out); `rp` is the reference point
  (status quo), `out` the decision outcome;
- DEU III records no capability: every actor gets capability 1;
- EU-15 proposals (1996-2001) get the Council's voting rule (QMV: 62 of 87 weighted votes;
  unanimity) with the Commission as agenda setter, for the procedural model;
- dates: a quoted "dd-mm-yy" or "dd-mm-yyyy" is read as such; an unquoted yyyy-mm-dd in this
  copy is a spreadsheet misreading of "dd-mm-yy" (e.g. 1930-05-01 for 30-05-01, the
  adoption of Regulation 1049/2001 on 30 May 2001) and is decoded back.
"""
import csv
import pathlib
import sys

ACTORS = ["com", "ep", "at", "be", "bu", "cr", "cy", "cz", "dk", "ee", "fi", "fr", "de", "el",
          "hu", "ie", "it", "lv", "lt", "lu", "mt", "nl", "pl", "pt", "ro", "si", "sk", "es",
          "se", "uk"]
IDS = {"com": "COM", "ep": "EP", "bu": "BG", "cr": "HR"}  # others: the code in capitals

# Council votes of the EU-15 (1995-2004) and the qualified majority of 62 of 87 votes, from
# the European Convention's glossary, "Qualified majority" (european-convention.europa.eu).
EU15_VOTES = [("FR", 10), ("DE", 10), ("IT", 10), ("UK", 10), ("ES", 8), ("BE", 5), ("EL", 5),
              ("NL", 5), ("PT", 5), ("AT", 4), ("SE", 4), ("DK", 3), ("IE", 3), ("FI", 3),
              ("LU", 2)]
EU15_QMV_PERCENT = "71.2643678"  # 62 / 87, rounded down in the 8th digit (62 votes carry, 61 not)
VOTES_SOURCE = ("Council vote weights and the EU-15 qualified majority (62 of 87) from the "
                "European Convention glossary, Qualified majority (european-convention.europa.eu)")

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = ("Arregui, J. and Perarnaud, C. (2021). A new dataset on legislative decision-making "
          "in the European Union: the DEU III dataset. Journal of European Public Policy; "
          "data doi:10.34810/data53")


def decode_date(raw):
    quoted = raw.startswith('"')
    text = raw.strip('"')
    if text in ("", "999"):
        return ""
    a, b, c = text.split("-")
    if quoted:  # dd-mm-yy or dd-mm-yyyy
        day, month, year = int(a), int(b), int(c)
    else:  # yyyy-mm-dd holding a misread dd-mm-yy
        day, month, year = int(a) % 100, int(b), int(c)
    if year < 100:
        year += 2000 if year < 50 else 1900
    return f"{year:04d}-{month:02d}-{day:02d}"


def main():
    src = ROOT / "catalogue" / "deu3" / "deu3_subset.tsv"
    lines = src.read_text().splitlines()
    header = [h.strip('"') for h in lines[0].split("\t")]
    proposals = {}
    for line in lines[1:]:
        raw = line.split("\t")
        row = dict(zip(header, raw))
        row["_intro"], row["_finact"] = raw[header.index("intro")], raw[header.index("finact")]
        proposals.setdefault(row["prnr"].strip('"'), []).append(row)
    for prnr, rows in proposals.items():
        first = rows[0]
        present = [a for a in ACTORS if any(r["p" + a] != "" for r in rows)]
        name = first["prname"].strip('"')
        out = ROOT / "catalogue" / "deu3" / f"{prnr}.csv"
        with out.open("w", newline="") as f:
            f.write(f"# scenario: deu3-{prnr}\n")
            f.write(f"# title: {name} ({prnr}), EU legislative proposal in the DEU III data\n")
            f.write(f"# description: type {first['type'].strip(chr(34))}, procedure "
                    f"{first['proc'].strip(chr(34))}, Council vote {first['counvte'].strip(chr(34))}; "
                    "capability 1 for every actor (DEU III records none)\n")
            f.write(f"# source: {SOURCE}\n")
            f.write("# url: https://doi.org/10.34810/data53\n")
            f.write("# licence: CC BY 4.0\n")
            states = {IDS.get(a, a.upper()) for a in present} - {"COM", "EP"}
            rule = first["counvte"].strip('"')
            if states <= {sid for sid, _ in EU15_VOTES} and rule in ("QMV", "Unan"):
                # The Commission proposes, the Council votes (the EP's role under COD is left
                # out: one voting body per scenario).
                f.write("# voting: " + ("unanimity" if rule == "Unan" else
                                        f"qualified {EU15_QMV_PERCENT}") + "\n")
                f.write("# agenda_setter: COM\n")
                f.write("# votes: " + " ".join(f"{sid}={w}" for sid, w in EU15_VOTES) + "\n")
                f.write(f"# note: {VOTES_SOURCE}\n")
            intro, finact = decode_date(first["_intro"]), decode_date(first["_finact"])
            if intro:
                f.write(f"# as_of: {intro}\n")
            if finact:
                f.write(f"# outcome_date: {finact}\n")
            f.write("## generated by scripts/deu_to_wide.py from catalogue/deu3/deu3_subset.tsv\n")
            w = csv.writer(f, lineterminator="\n")
            cols = ["issue", "name", "status_quo", "outcome"]
            for a in present:
                aid = IDS.get(a, a.upper())
                cols += [f"pos_{aid}", f"sal_{aid}"]
            w.writerow(cols)
            w.writerow(["capability", "", "", ""] + sum([["1", ""] for _ in present], []))
            for r in rows:
                isnr = r["isnr"].strip('"')
                cells = [isnr, f"{name}, issue {isnr.split('i')[-1]}", r["rp"], r["out"]]
                for a in present:
                    pos, sal = r["p" + a], r["s" + a]
                    cells += [pos, sal if pos != "" else ""]
                w.writerow(cells)
        print(f"{out.relative_to(ROOT)}: {len(rows)} issues, {len(present)} actors")


if __name__ == "__main__":
    sys.exit(main())
