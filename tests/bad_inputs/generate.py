#!/usr/bin/env python3
"""Writes the bad-input corpus: one file per case plus cases.tsv, the expectations the
BadInputs test asserts (exit code 2, the error kind, where the problem is, no output).
Run from this folder after changing a case: /usr/bin/python3 generate.py"""
import os

SCENARIO = """scenario: tiny
as_of: 2021-09-07
sources:
  s1: {title: A source}
actors:
  - {id: A, name: Alpha, capability: {value: 2, range: [1, 3], source: s1}}
  - {id: B, name: Beta, capability: {value: 1, source: s1}}
institutions:
  - {id: council, kind: veto, veto: [A], source: s1}
issues:
  - id: x
    scale: {min: 0, max: 100, low: none, high: all}
    institution: council
    status_quo: {value: 50, source: s1}
    positions:
      A: {position: 10, range: [0, 20], salience: 80, salience_range: [70, 90], source: s1}
      B: {position: 90, salience: 40, capability: 5, source: [s1], note: n}
  - id: y
    scale: {min: -1, max: 1, low: no, high: yes}
    positions:
      A: {position: 0.5, salience: 10, source: s1}
      B: {position: -0.5, salience: 30, source: s1}
links:
  - {issues: [x, y], actors: [A], source: s1}
interventions:
  - id: push
    source: s1
    changes:
      - {actor: A, issue: x, field: position, set: 30}
outcomes:
  - {issue: x, date: 2020-01-01, value: 40, source: s1}
"""

CONFLICT = """conflicts:
  - id: game
    source: s1
    decision_makers:
      - id: A
        options:
          - {id: a1, source: s1}
          - {id: a2, source: s1}
        preferences: {statements: ["a1 & !b1", "a2 | b1"], source: s1}
      - id: B
        options:
          - {id: b1, source: s1}
        preferences: {ranking: [[b1], [], [a1, b1], [a1], [a2], [a2, b1], [a1, a2], [a1, a2, b1]], source: s1}
    status_quo: [a1]
"""

BDM = "Actor,Capability,Position,Salience\nA,0.5,10,0.8\nB,0.3,60,0.5\nC,0.2,90,0.9\n"
KTAB = ("Test; scen 0,Scenario-000; a test, 3, 2, \n"
        "Actor,Description,Influence,Pos1,Sal1,Pos2,Sal2, \n"
        "A,Alpha,100,30,30,50,20, \n"
        "B,Beta,65,45,40,60,30, \n"
        "C,Gamma,35,70,40,10,50, \n")
DECIDE = ("'#A'\t'a'\t'A'\t''\n'#A'\t'b'\t'B'\t''\n'#P'\t'p'\t'P'\t''\n'#M'\t'p'\t0\n'#M'\t'p'\t100\n"
          "'#D'\t'a'\t'p'\t20\t0.5\t1\n'#D'\t'b'\t'p'\t80\t0.7\t2\n")
GMCR = ('{"decisionMakers": [{"name": "DM1", "options": [0], "preferences": [], '
        '"preferenceRanking": [1, 2, 3, 4]}, {"name": "DM2", "options": [1], "preferences": [], '
        '"preferenceRanking": [4, 3, 2, 1]}], "options": [{"name": "O1", "permittedDirection": '
        '"both"}, {"name": "O2", "permittedDirection": "both"}], "infeasibles": [], '
        '"useManualPreferenceRanking": true, "program": "gmcr-py", "version": "0.4.1"}\n')
OUTCOMES = """sources:
  o1: {title: An outcome source}
outcomes:
  - {issue: x, date: 2022-05-26, value: 75, source: o1}
"""

RUN_YAML = "run {file} -m compromise -o out"
cases = []  # (file, bytes, command, kind, where)


def line_of(text, marker):
    return text[: text.index(marker)].count("\n") + 1


def yaml_case(name, old, new, kind="scenario error", where_marker=None, base=SCENARIO,
              command=RUN_YAML):
    assert old in base, (name, old)
    text = base.replace(old, new, 1)
    where = f"{name}:{line_of(text, where_marker or new)}:" if (where_marker or new) else f"{name}:"
    cases.append((name, text.encode(), command, kind, where))


def raw_case(name, data, command, kind, where):
    cases.append((name, data if isinstance(data, bytes) else data.encode(), command, kind, where))


# --- scenario YAML ------------------------------------------------------------------------
yaml_case("truncated.yaml", SCENARIO, SCENARIO[: SCENARIO.index("salience: 80") + 5],
          where_marker="A: {position: 10")
yaml_case("tab_indent.yaml", "  - id: y\n", "\t- id: y\n", where_marker="\t- id: y")
yaml_case("capability_text.yaml", "capability: {value: 2,", "capability: {value: two,",
          where_marker="value: two")
yaml_case("position_nan.yaml", "position: 90,", "position: .nan,")
yaml_case("salience_inf.yaml", "salience: 40,", "salience: .inf,")
yaml_case("salience_negative.yaml", "salience: 40,", "salience: -10,")
yaml_case("salience_above_100.yaml", "salience: 40,", "salience: 140,")
yaml_case("capability_negative.yaml", "{value: 1, source: s1}}", "{value: -1, source: s1}}")
yaml_case("capability_missing_value.yaml", "{value: 1, source: s1}}", "{source: s1}}")
yaml_case("unknown_actor_position.yaml", "      B: {position: -0.5", "      C: {position: -0.5")
yaml_case("duplicate_actor.yaml", "{id: B, name: Beta", "{id: A, name: Beta")
yaml_case("duplicate_key.yaml", "as_of: 2021-09-07\n", "as_of: 2021-09-07\nas_of: 2021-09-08\n",
          where_marker="as_of: 2021-09-08")
yaml_case("duplicate_issue.yaml", "  - id: y\n", "  - id: x\n", where_marker="  - id: x\n    scale: {min: -1")
yaml_case("unknown_source.yaml", "note: n}", "note: n, source: nosuch}", where_marker="source: nosuch")
yaml_case("missing_actors.yaml", "actors:\n  - {id: A, name: Alpha, capability: {value: 2, range: [1, 3], source: s1}}\n  - {id: B, name: Beta, capability: {value: 1, source: s1}}\n",
          "", where_marker="scenario: tiny")
yaml_case("unknown_top_key.yaml", "as_of: 2021-09-07\n", "as_of: 2021-09-07\nforecast: yes\n",
          where_marker="forecast: yes")
yaml_case("scale_reversed.yaml", "{min: -1, max: 1,", "{min: 1, max: -1,")
yaml_case("position_off_scale.yaml", "position: 0.5,", "position: 5,")
yaml_case("range_excludes_value.yaml", "range: [0, 20]", "range: [30, 40]")
yaml_case("range_reversed.yaml", "range: [0, 20]", "range: [20, 0]")
yaml_case("bad_date.yaml", "as_of: 2021-09-07", "as_of: 2021-13-45")
yaml_case("veto_unknown_actor.yaml", "veto: [A]", "veto: [Z]")
yaml_case("institution_unknown.yaml", "institution: council", "institution: senate")
yaml_case("link_unknown_issue.yaml", "{issues: [x, y]", "{issues: [x, w]")
yaml_case("intervention_unknown_actor.yaml", "{actor: A, issue: x, field: position, set: 30}",
          "{actor: Q, issue: x, field: position, set: 30}")
yaml_case("intervention_set_and_shift.yaml", "field: position, set: 30}",
          "field: position, set: 30, shift: 2}")
yaml_case("intervention_bad_field.yaml", "field: position,", "field: mood,")
yaml_case("outcome_unknown_issue.yaml", "{issue: x, date: 2020-01-01", "{issue: q, date: 2020-01-01")
yaml_case("outcome_off_scale.yaml", "value: 40, source: s1}", "value: 400, source: s1}")
yaml_case("issue_without_positions.yaml",
          "    positions:\n      A: {position: 0.5, salience: 10, source: s1}\n      B: {position: -0.5, salience: 30, source: s1}\n",
          "    positions: {}\n", where_marker="positions: {}")
yaml_case("salience_basis_unknown.yaml", "as_of: 2021-09-07\n", "as_of: 2021-09-07\nsalience_basis: shared\n",
          where_marker="salience_basis: shared")
yaml_case("budget_over_100.yaml", "as_of: 2021-09-07\n", "as_of: 2021-09-07\nsalience_basis: budget\n",
          base=SCENARIO.replace("position: 0.5, salience: 10", "position: 0.5, salience: 30"),
          where_marker="  - id: x\n")
yaml_case("id_with_space.yaml", "{id: B, name: Beta", "{id: B B, name: Beta")
yaml_case("sources_is_list.yaml", "sources:\n  s1: {title: A source}\n", "sources: [s1]\n",
          where_marker="sources: [s1]")
yaml_case("actors_is_scalar.yaml", "actors:\n  - {id: A, name: Alpha, capability: {value: 2, range: [1, 3], source: s1}}\n  - {id: B, name: Beta, capability: {value: 1, source: s1}}\n",
          "actors: everyone\n")
yaml_case("position_is_text.yaml", "position: 90,", "position: high,")
yaml_case("scenario_id_missing.yaml", "scenario: tiny\n", "", where_marker="as_of")
yaml_case("conflict_unknown_option.yaml", SCENARIO, SCENARIO + CONFLICT.replace('"a2 | b1"', '"a2 | c9"'),
          where_marker='"a2 | c9"', command="conflict {file}")
yaml_case("conflict_duplicate_state_in_ranking.yaml", SCENARIO,
          SCENARIO + CONFLICT.replace("[a1, a2], [a1, a2, b1]]", "[a1, a2], [a1]]"),
          where_marker="ranking:", command="conflict {file}")
cases[-1] = cases[-1][:4] + ("(conflict game): preferences of Beta: ranking names state 1 (YNN) twice",)
yaml_case("conflict_bad_status_quo.yaml", SCENARIO, SCENARIO + CONFLICT.replace("status_quo: [a1]", "status_quo: [zz]"),
          where_marker="status_quo: [zz]", command="conflict {file}")
yaml_case("conflict_bad_statement.yaml", SCENARIO, SCENARIO + CONFLICT.replace('"a1 & !b1"', '"a1 & & b1"'),
          where_marker='"a1 & & b1"', command="conflict {file}")

raw_case("empty.yaml", "", RUN_YAML, "scenario error", "empty.yaml")
raw_case("only_comments.yaml", "# nothing here\n# at all\n", RUN_YAML, "scenario error", "only_comments.yaml")
raw_case("not_a_mapping.yaml", "- just\n- a list\n", RUN_YAML, "scenario error", "not_a_mapping.yaml:1:")
raw_case("non_utf8.yaml", SCENARIO.replace("A source", "A source \xff").encode("latin-1"), RUN_YAML,
         "input error", f"non_utf8.yaml:{line_of(SCENARIO, 'A source')}:")
raw_case("binary_junk.yaml", bytes(range(256)) * 4, RUN_YAML, "input error", "binary_junk.yaml:2:118:")
raw_case("deep_nesting.yaml", "scenario: " + "[" * 20000 + "]" * 20000 + "\n", RUN_YAML,
         "scenario error", "deep_nesting.yaml:1:")
bomb = ["scenario: bomb", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
for k in range(1, 10):
    bomb.append(f"a{k}: &a{k} [" + ", ".join([f"*a{k-1}"] * 10) + "]")
bomb.append("description: *a9")
raw_case("alias_bomb.yaml", "\n".join(bomb) + "\n", RUN_YAML, "scenario error", "alias_bomb.yaml:")
raw_case("too_many_actors.yaml", SCENARIO, "--limit actors=1 " + RUN_YAML, "limit exceeded",
         "too_many_actors.yaml")
raw_case("unknown_anchor.yaml", SCENARIO.replace("note: n}", "note: *nothing}"), RUN_YAML,
         "scenario error", f"unknown_anchor.yaml:{line_of(SCENARIO, 'note: n}')}:")

# Magnitudes beyond what double precision carries through the models (core/magnitudes.h).
yaml_case("capability_huge.yaml", "{value: 1, source: s1}}", "{value: 1e308, source: s1}}")
yaml_case("capability_tiny.yaml", "{value: 1, source: s1}}", "{value: 1e-300, source: s1}}")
yaml_case("scale_huge.yaml", "{min: -1, max: 1,", "{min: -1e300, max: 1,")
yaml_case("scale_too_narrow.yaml", "{min: -1, max: 1,", "{min: 0.99999999999999, max: 1,")
yaml_case("stance_capability_huge.yaml", "capability: 5,", "capability: 1e300,")
yaml_case("capability_range_huge.yaml", "range: [1, 3]", "range: [1, 1e300]")
# One document per file: a second one would be ignored.
raw_case("second_document.yaml", SCENARIO + "---\nscenario: other\n", RUN_YAML, "scenario error",
         f"second_document.yaml:{SCENARIO.count(chr(10)) + 1}:")
raw_case("after_end_marker.yaml", SCENARIO + "...\nextra: 1\n", RUN_YAML, "scenario error",
         f"after_end_marker.yaml:{SCENARIO.count(chr(10)) + 2}:")

# --- BDM actor CSV -------------------------------------------------------------------------
RUN_BDM = "run {file} -m bdm -o out"
raw_case("bdm_positions_1e20.csv", BDM.replace(",10,", ",1e20,").replace(",60,", ",1e20,").replace(",90,", ",1e20,"),
         RUN_BDM, "import error", "bdm_positions_1e20.csv:2:3")
raw_case("bdm_capability_1e308.csv", BDM.replace("0.3,60", "1e308,60"), RUN_BDM, "import error", "bdm_capability_1e308.csv:3:2")
raw_case("bdm_non_utf8.csv", BDM.replace("B,0.3", "B\xe9,0.3").encode("latin-1"), RUN_BDM, "input error", "bdm_non_utf8.csv:3:2")
raw_case("bdm_wrong_header.csv", BDM.replace("Salience", "Weight"), RUN_BDM, "import error", "bdm_wrong_header.csv:1:4")
raw_case("bdm_capability_text.csv", BDM.replace("0.3,60", "lots,60"), RUN_BDM, "import error", "bdm_capability_text.csv:3:2")
raw_case("bdm_salience_above_1.csv", BDM.replace("0.5\n", "5\n"), RUN_BDM, "import error", "bdm_salience_above_1.csv:3:4")
raw_case("bdm_capability_negative.csv", BDM.replace("0.3,60", "-0.3,60"), RUN_BDM, "import error", "bdm_capability_negative.csv:3:2")
raw_case("bdm_position_nan.csv", BDM.replace(",60,", ",nan,"), RUN_BDM, "import error", "bdm_position_nan.csv:3:3")
raw_case("bdm_position_inf.csv", BDM.replace(",60,", ",inf,"), RUN_BDM, "import error", "bdm_position_inf.csv:3:3")
raw_case("bdm_duplicate_actor.csv", BDM.replace("C,0.2", "A,0.2"), RUN_BDM, "import error", "bdm_duplicate_actor.csv:4:1")
raw_case("bdm_one_actor.csv", "Actor,Capability,Position,Salience\nA,0.5,10,0.8\n", RUN_BDM, "import error", "bdm_one_actor.csv:2")
raw_case("bdm_empty.csv", "", RUN_BDM, "import error", "bdm_empty.csv")
raw_case("bdm_unterminated_quote.csv", BDM.replace("B,0.3", '"B,0.3'), RUN_BDM, "import error", "bdm_unterminated_quote.csv:3")
raw_case("bdm_extra_field.csv", BDM.replace("0.5\n", "0.5,7\n"), RUN_BDM, "import error", "bdm_extra_field.csv:3")
raw_case("bdm_truncated.csv", BDM[: BDM.index("0.3,60") + 3], RUN_BDM, "import error", "bdm_truncated.csv:3")

# --- KTAB SMP CSV --------------------------------------------------------------------------
RUN_KTAB = "run {file} -m smp -o out"
raw_case("ktab_salience_over_100.csv", KTAB.replace("C,Gamma,35,70,40,10,50", "C,Gamma,35,70,80,10,50"),
         RUN_KTAB, "import error", "ktab_salience_over_100.csv:5")
raw_case("ktab_text_number.csv", KTAB.replace("B,Beta,65", "B,Beta,sixty"), RUN_KTAB, "import error", "ktab_text_number.csv:4:3")
raw_case("ktab_missing_row.csv", KTAB[: KTAB.index("C,Gamma")], RUN_KTAB, "import error", "ktab_missing_row.csv")
raw_case("ktab_short_row.csv", KTAB.replace("B,Beta,65,45,40,60,30, ", "B,Beta,65,45"), RUN_KTAB, "import error", "ktab_short_row.csv:4")
raw_case("ktab_power_huge.csv", KTAB.replace("A,Alpha,100", "A,Alpha,1e300"), RUN_KTAB, "import error", "ktab_power_huge.csv:3:3")
raw_case("ktab_bad_counts.csv", KTAB.replace("a test, 3, 2,", "a test, x, 2,"), RUN_KTAB, "import error", "ktab_bad_counts.csv:1")

# --- decide exchange-model files -----------------------------------------------------------
IMPORT_DECIDE = "import decide {file} -o out/imported.yaml"
raw_case("decide_unknown_actor.csv", DECIDE.replace("'#D'\t'b'", "'#D'\t'z'"), IMPORT_DECIDE, "import error", "decide_unknown_actor.csv:7:2")
raw_case("decide_salience_above_1.csv", DECIDE.replace("80\t0.7", "80\t7"), IMPORT_DECIDE, "import error", "decide_salience_above_1.csv:7:5")
raw_case("decide_bad_number.csv", DECIDE.replace("\t20\t", "\ttwenty\t"), IMPORT_DECIDE, "import error", "decide_bad_number.csv:6:4")
raw_case("decide_flat_scale.csv", DECIDE.replace("'#M'\t'p'\t100", "'#M'\t'p'\t0"), IMPORT_DECIDE, "import error", "decide_flat_scale.csv")
raw_case("decide_unknown_row.csv", DECIDE + "'#Q'\t'x'\n", IMPORT_DECIDE, "import error", "decide_unknown_row.csv:8:1")
raw_case("decide_scale_huge.csv", DECIDE.replace("'#M'\t'p'\t100", "'#M'\t'p'\t1e300"), IMPORT_DECIDE, "import error", "decide_scale_huge.csv:5:3")
raw_case("decide_off_scale.csv", DECIDE.replace("\t80\t", "\t180\t"), IMPORT_DECIDE, "import error", "decide_off_scale.csv:7:4")

# --- gmcr-py conflict files ----------------------------------------------------------------
CONFLICT_CMD = "conflict {file}"
raw_case("gmcr_truncated.gmcr", GMCR[:120], CONFLICT_CMD, "import error", "gmcr_truncated.gmcr")
raw_case("gmcr_options_not_list.gmcr", GMCR.replace('"options": [{"name": "O1"', '"options": {"name": "O1"').replace('"both"}], "infeasibles"', '"both"}, "infeasibles"'),
         CONFLICT_CMD, "import error", "gmcr_options_not_list.gmcr")
raw_case("gmcr_unknown_option.gmcr", GMCR.replace('"options": [1]', '"options": [7]'), CONFLICT_CMD, "import error", "gmcr_unknown_option.gmcr")
raw_case("gmcr_bad_ranking.gmcr", GMCR.replace("[4, 3, 2, 1]", "[4, 3, 2, 99]"), CONFLICT_CMD, "import error", "gmcr_bad_ranking.gmcr")
raw_case("gmcr_dm_without_options.gmcr", GMCR.replace('"options": [1]', '"options": []'), CONFLICT_CMD,
         "import error", "gmcr_dm_without_options.gmcr (decisionMakers[1].options)")
raw_case("gmcr_misperceptions_not_list.gmcr", GMCR.replace('"name": "DM1",', '"name": "DM1", "misperceptions": 5,'),
         CONFLICT_CMD, "import error", "gmcr_misperceptions_not_list.gmcr (decisionMakers[0].misperceptions)")


def many_options(n):
    options = ", ".join(f'{{"name": "O{k}"}}' for k in range(n))
    half = n // 2
    return ('{"decisionMakers": [{"name": "DM1", "options": ' + str(list(range(half))) +
            ', "preferenceRanking": [1, 2]}, {"name": "DM2", "options": ' + str(list(range(half, n))) +
            ', "preferenceRanking": [2, 1]}], "options": [' + options +
            '], "infeasibles": [], "useManualPreferenceRanking": true}\n')


# 2^40 states used to be allocated before the option count was checked; 64 shifted by 64 bits.
raw_case("gmcr_40_options.gmcr", many_options(40), CONFLICT_CMD, "limit exceeded", "gmcr_40_options.gmcr (options)")
raw_case("gmcr_64_options.gmcr", many_options(64), CONFLICT_CMD, "limit exceeded", "gmcr_64_options.gmcr (options)")

# --- voting institutions (procedural model) -------------------------------------------------
VETO = "  - {id: council, kind: veto, veto: [A], source: s1}"
VOTING = "  - {id: council, kind: voting, rule: qualified, threshold: 71.3, votes: {A: 2, B: 1}, agenda_setter: A, source: s1}"
yaml_case("voting_unknown_rule.yaml", VETO,
          VOTING.replace("rule: qualified", "rule: plurality"))
yaml_case("voting_threshold_low.yaml", VETO,
          VOTING.replace("threshold: 71.3", "threshold: 40"))
yaml_case("voting_zero_votes.yaml", VETO,
          VOTING.replace("B: 1", "B: 0"))
yaml_case("voting_unknown_setter.yaml", VETO,
          VOTING.replace("agenda_setter: A", "agenda_setter: Z"))

# --- wide issue table ----------------------------------------------------------------------
WIDE = """# scenario: wide
# outcome_date: 2020
issue,status_quo,outcome,pos_A,sal_A,pos_B,sal_B
capability,,,2,,1,
x,50,40,10,80,90,40
y,,,30,10,,
"""
RUN_WIDE = "run {file} -m compromise -o out"
raw_case("wide_no_capability.csv", WIDE.replace("capability,,,2,,1,\n", ""), RUN_WIDE, "import error", "wide_no_capability.csv:3:1")
raw_case("wide_position_text.csv", WIDE.replace("x,50,40,10,", "x,50,40,ten,"), RUN_WIDE, "import error", "wide_position_text.csv:5:4")
raw_case("wide_salience_above_100.csv", WIDE.replace(",80,", ",180,"), RUN_WIDE, "import error", "wide_salience_above_100.csv:5:5")
raw_case("wide_off_scale.csv", WIDE.replace(",90,", ",190,"), RUN_WIDE, "import error", "wide_off_scale.csv:5:6")
raw_case("wide_unknown_column.csv", WIDE.replace("sal_B", "weight_B"), RUN_WIDE, "import error", "wide_unknown_column.csv:3:7")
raw_case("wide_unknown_key.csv", WIDE.replace("# outcome_date", "# outcome_day"), RUN_WIDE, "import error", "wide_unknown_key.csv:2")
raw_case("wide_outcome_without_date.csv", WIDE.replace("# outcome_date: 2020\n", ""), RUN_WIDE, "import error", "wide_outcome_without_date.csv:4:3")

# --- outcome files -------------------------------------------------------------------------
BACKTEST = "backtest {base} --outcomes {file} -o out"
raw_case("outcomes_unknown_issue.yaml", OUTCOMES.replace("issue: x", "issue: q"), BACKTEST, "scenario error", "outcomes_unknown_issue.yaml:4:")
raw_case("outcomes_bad_date.yaml", OUTCOMES.replace("2022-05-26", "2022-02-30"), BACKTEST, "scenario error", "outcomes_bad_date.yaml:4:")
raw_case("outcomes_value_text.yaml", OUTCOMES.replace("value: 75", "value: lots"), BACKTEST, "scenario error", "outcomes_value_text.yaml:4:")
raw_case("outcomes_off_scale.yaml", OUTCOMES.replace("value: 75", "value: 750"), BACKTEST, "scenario error", "outcomes_off_scale.yaml:4:")
raw_case("outcomes_unknown_source.yaml", OUTCOMES.replace("source: o1}", "source: o9}"), BACKTEST, "scenario error", "outcomes_unknown_source.yaml:4:")

here = os.path.dirname(os.path.abspath(__file__))
os.makedirs(os.path.join(here, "files"), exist_ok=True)
with open(os.path.join(here, "base_scenario.yaml"), "w") as f:
    f.write(SCENARIO)
with open(os.path.join(here, "cases.tsv"), "w") as manifest:
    manifest.write("# file\tcommand ({file}: the case, {base}: base_scenario.yaml)\terror kind\tmessage must contain\n")
    for name, data, command, kind, where in cases:
        with open(os.path.join(here, "files", name), "wb") as f:
            f.write(data)
        manifest.write(f"{name}\t{command}\t{kind}\t{where}\n")
print(len(cases), "cases")
