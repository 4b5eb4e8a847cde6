// Golden tests against the decide exchange model (data/reference/exchange/, copied from the
// project's shared reference folder) on the Copenhagen climate data, plus properties.
#include "models/exchange/model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "io/decide_csv.h"
#include "io/scenario_loader.h"
#include "test_support.h"

namespace statecraft {
namespace {

constexpr double kTolerance = 1e-9;  // the reference computes in 28-digit decimals

nlohmann::json expected() {
  return nlohmann::json::parse(
      test::read_file(test::source_path("data/reference/exchange/expected.json")));
}

ScenarioPtr copenhagen() {
  return io::load_decide_csv_file(test::source_path("data/reference/exchange/copenhagen.csv"));
}

template <typename T = double>
exchange::Trajectory<T> run_copenhagen(int rounds, bool keep_candidates,
                                       exchange::Rule rule = exchange::Rule::EqualGain,
                                       std::uint64_t seed = 0) {
  const auto s = copenhagen();
  exchange::Settings settings;
  settings.rule = rule;
  settings.rounds = rounds;
  settings.streams = SeedTree(seed);
  settings.keep_candidates = keep_candidates;
  return exchange::run(exchange::board_from<T>(*s), exchange::trade_pairs(*s), settings);
}

std::string actor_name(const Scenario& s, std::size_t a) { return s.actors[a].name; }
std::string issue_name(const Scenario& s, std::size_t k) { return s.issues[k].name; }

void expect_outcomes(const std::vector<double>& got, const nlohmann::json& want, const Scenario& s,
                     double tolerance) {
  for (std::size_t k = 0; k < s.issues.size(); ++k)
    EXPECT_NEAR(got[k], want[issue_name(s, k)].get<double>(), tolerance) << issue_name(s, k);
}

TEST(ExchangeGolden, InitialOutcomes) {
  const auto s = copenhagen();
  const auto run = run_copenhagen(1, false);
  expect_outcomes(run.rounds[0].preference_outcome, expected()["initial_nbs"], *s, kTolerance);
}

// Every candidate of round 0 as first computed: roles, voting positions, outcome shifts,
// gain and validity (the 15 with the outcome-overshoot correction included).
TEST(ExchangeGolden, EveryRoundZeroCandidate) {
  const auto s = copenhagen();
  const auto want = expected()["round0_potential_exchanges"];
  const auto run = run_copenhagen(1, true);
  const auto& got = run.rounds[0].candidates;
  ASSERT_EQ(got.size(), want["count"].get<std::size_t>());
  int valid = 0, adjusted = 0;
  for (std::size_t n = 0; n < got.size(); ++n) {
    SCOPED_TRACE("candidate " + std::to_string(n));
    const auto& e = got[n];
    const auto& w = want["list_in_creation_order"][n];
    EXPECT_EQ(actor_name(*s, e.i.actor), w["i"]["actor"].get<std::string>());
    EXPECT_EQ(actor_name(*s, e.j.actor), w["j"]["actor"].get<std::string>());
    EXPECT_EQ(issue_name(*s, e.i.supply), w["i"]["supply"].get<std::string>());
    EXPECT_EQ(e.valid, w["is_valid"].get<bool>());
    EXPECT_NEAR(e.i.y, w["i"]["y"].get<double>(), kTolerance);
    EXPECT_NEAR(e.j.y, w["j"]["y"].get<double>(), kTolerance);
    EXPECT_NEAR(e.gain, w["gain"].get<double>(), kTolerance);
    // The reference names the shifts from the side corrected last: after a correction of i
    // alone its "dp" is i's shift.
    const bool swapped = e.adjusted_i && !e.adjusted_j;
    EXPECT_NEAR(swapped ? e.shift_i : e.shift_j, w["dp"].get<double>(), kTolerance);
    EXPECT_NEAR(swapped ? e.shift_j : e.shift_i, w["dq"].get<double>(), kTolerance);
    valid += e.valid;
    adjusted += e.adjusted_i || e.adjusted_j;
  }
  EXPECT_EQ(valid, want["valid"].get<int>());
  EXPECT_EQ(adjusted, 15);
}

// The 48 exchanges realised in round 0, in order: who, on what, from where to where.
TEST(ExchangeGolden, RoundZeroRealisedExchangesInOrder) {
  const auto s = copenhagen();
  const auto want = expected()["deterministic_run"]["round0_realized_exchanges_in_order"];
  const auto run = run_copenhagen(1, false);
  const auto& got = run.rounds[0].realised;
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t n = 0; n < got.size(); ++n) {
    SCOPED_TRACE("exchange " + std::to_string(n));
    const auto& e = got[n];
    for (const auto& [side, w] : {std::pair{&e.i, want[n]["i"]}, std::pair{&e.j, want[n]["j"]}}) {
      EXPECT_EQ(actor_name(*s, side->actor), w["actor"].get<std::string>());
      EXPECT_EQ(issue_name(*s, side->supply), w["supply_issue"].get<std::string>());
      EXPECT_EQ(issue_name(*s, side->demand), w["demand_issue"].get<std::string>());
      EXPECT_NEAR(side->x, w["x_start"].get<double>(), kTolerance);
      EXPECT_NEAR(side->move, w["move"].get<double>(), kTolerance);
      EXPECT_NEAR(side->y, w["y"].get<double>(), kTolerance);
      EXPECT_NEAR(side->nbs0, w["nbs_0"].get<double>(), kTolerance);
      EXPECT_NEAR(side->nbs1, w["nbs_1"].get<double>(), kTolerance);
    }
    EXPECT_NEAR(e.gain, want[n]["gain"].get<double>(), kTolerance);
  }
}

// Round 0's voting outcome and the preference outcome it leaves for round 1.
TEST(ExchangeGolden, RoundZeroVotingAndNextPreferenceOutcomes) {
  const auto s = copenhagen();
  const auto its = expected()["deterministic_run"]["iterations"];
  const auto run = run_copenhagen(2, false);
  expect_outcomes(run.rounds[0].voting_outcome, its[0]["voting_nbs"], *s, kTolerance);
  EXPECT_EQ(run.rounds[0].realised.size(), its[0]["n_realized"].get<std::size_t>());
  expect_outcomes(run.rounds[1].preference_outcome, its[1]["preference_nbs"], *s, kTolerance);
  EXPECT_EQ(run.rounds[1].realised.size(), its[1]["n_realized"].get<std::size_t>());
}

// The `reference` variant computes in 28-digit decimals like the reference, which decides
// from round 1 on between exchanges of mathematically equal gain by their last digit (round
// 1, step 16: two China-India/USA exchanges). It follows the reference's deterministic run
// through all 10 rounds: every round's preference and voting outcomes, the number of realised
// exchanges, and every actor's final position.
TEST(ExchangeGolden, ReferenceDecimalsFollowAllTenRounds) {
  const auto s = copenhagen();
  const auto det = expected()["deterministic_run"];
  const auto run = run_copenhagen<exchange::Decimal28>(10, false);
  ASSERT_EQ(run.rounds.size(), det["iterations"].size());
  for (std::size_t r = 0; r < run.rounds.size(); ++r) {
    SCOPED_TRACE("round " + std::to_string(r));
    const auto& want = det["iterations"][r];
    expect_outcomes(run.rounds[r].preference_outcome, want["preference_nbs"], *s, kTolerance);
    expect_outcomes(run.rounds[r].voting_outcome, want["voting_nbs"], *s, kTolerance);
    EXPECT_EQ(run.rounds[r].realised.size(), want["n_realized"].get<std::size_t>());
  }
  const auto& final_positions = det["final_preference_positions"];
  for (std::size_t k = 0; k < s->issues.size(); ++k)
    for (std::size_t a = 0; a < s->actors.size(); ++a) {
      const auto& by_actor = final_positions[issue_name(*s, k)];
      if (!by_actor.contains(actor_name(*s, a))) continue;
      EXPECT_NEAR(run.positions.back()[k][a], by_actor[actor_name(*s, a)].get<double>(), kTolerance)
          << issue_name(*s, k) << " " << actor_name(*s, a);
    }
  // The realised exchanges of round 0 are the same in decimals as in doubles.
  const auto& want0 = det["round0_realized_exchanges_in_order"];
  ASSERT_EQ(run.rounds[0].realised.size(), want0.size());
  for (std::size_t n = 0; n < want0.size(); ++n)
    EXPECT_NEAR(run.rounds[0].realised[n].gain.to_double(), want0[n]["gain"].get<double>(),
                kTolerance);
}

// The double variant cannot see those last digits; after 10 rounds it stays within the spread
// the reference's own tie-breaking produces (its three seeded runs against the deterministic
// one): 2.66 on 0-100.
TEST(ExchangeGolden, DoublesStayWithinTheReferenceTieBreakingSpread) {
  const auto s = copenhagen();
  const auto e = expected();
  const auto det = e["deterministic_run"]["final_preference_nbs"];
  double spread = 0;
  for (const auto& seed : {"0", "1", "2"})
    for (std::size_t k = 0; k < s->issues.size(); ++k) {
      const std::string name = issue_name(*s, k);
      spread = std::max(
          spread,
          std::abs(e["seeded_random_runs"][seed]["final_preference_nbs"][name].get<double>() -
                   det[name].get<double>()));
    }
  ASSERT_NEAR(spread, 2.66, 0.01);
  // The final preference outcome: the reference's round-10 preference positions, weighted.
  const auto run = run_copenhagen(10, false);
  exchange::Board<double> last = exchange::board_from<double>(*s);
  for (std::size_t k = 0; k < s->issues.size(); ++k)
    for (std::size_t a = 0; a < s->actors.size(); ++a)
      if (last.stake[k][a]) last.stake[k][a]->x = run.positions.back()[k][a];
  last.denominator.assign(s->issues.size(), 0);
  for (std::size_t k = 0; k < s->issues.size(); ++k)
    for (const auto& st : last.stake[k])
      if (st) last.denominator[k] += st->s * st->c;
  std::vector<double> final_outcome;
  for (std::size_t k = 0; k < s->issues.size(); ++k) final_outcome.push_back(last.outcome(k));
  expect_outcomes(final_outcome, det, *s, spread);
}

TEST(ExchangeProperties, EqualGainGivesBothPartnersTheSameGain) {
  const auto run = run_copenhagen(10, false);
  int realised = 0;
  for (const auto& round : run.rounds)
    for (const auto& e : round.realised) {
      ++realised;
      EXPECT_NEAR(e.gain_i, e.gain_j, 1e-9);
      EXPECT_GT(e.gain_i, 0);
    }
  EXPECT_GT(realised, 400);
}

TEST(ExchangeProperties, MovesStayOnTheScaleAndHeadTowardsThePartner) {
  for (auto rule : {exchange::Rule::EqualGain, exchange::Rule::RandomRate}) {
    const auto run = run_copenhagen(10, false, rule, 7);
    for (const auto& round : run.rounds)
      for (const auto& e : round.realised)
        for (const auto& [side, partner] : {std::pair{&e.i, &e.j}, std::pair{&e.j, &e.i}}) {
          EXPECT_GE(side->y, -1e-9);
          EXPECT_LE(side->y, 100 + 1e-9);
          // never past the partner's own position on that issue
          EXPECT_LE(std::abs(side->y - partner->demand_x),
                    std::abs(side->x - partner->demand_x) + 1e-9);
        }
    for (const auto& positions : run.positions)
      for (const auto& issue : positions)
        for (double x : issue)
          if (!std::isnan(x)) {
            EXPECT_GE(x, -1e-9);
            EXPECT_LE(x, 100 + 1e-9);
          }
  }
}

TEST(ExchangeProperties, RandomRateIsReproducibleBySeedAndBothPartnersGain) {
  const auto a = run_copenhagen(5, false, exchange::Rule::RandomRate, 11);
  const auto b = run_copenhagen(5, false, exchange::Rule::RandomRate, 11);
  const auto c = run_copenhagen(5, false, exchange::Rule::RandomRate, 12);
  // NaN marks missing stances; compare the bytes of the JSON form instead of the doubles.
  auto bytes = [](const exchange::Trajectory<double>& t) {
    return nlohmann::json(t.positions).dump();
  };
  EXPECT_EQ(bytes(a), bytes(b));
  EXPECT_NE(bytes(a), bytes(c));
  int realised = 0;
  for (const auto& round : a.rounds)
    for (const auto& e : round.realised) {
      ++realised;
      EXPECT_GT(e.gain_i, 0);
      EXPECT_GT(e.gain_j, 0);
    }
  EXPECT_GT(realised, 50);
}

TEST(ExchangeProperties, ResultIndependentOfThreadCount) {
  const auto s = io::load_scenario_file(test::source_path("scenarios/korea_peninsula.yaml"));
  const Model& m = registry().get("exchange");
  for (const std::string variant : {"equal_gain", "reference", "random_rate"}) {
    ModelOptions one, two;
    one.variant = two.variant = variant;
    one.seed = two.seed = 5;
    one.threads = 1;
    two.threads = 2;
    const auto r1 = m.run(*s, one), r2 = m.run(*s, two);
    ASSERT_EQ(r1.issues.size(), r2.issues.size());
    for (std::size_t k = 0; k < r1.issues.size(); ++k) {
      EXPECT_EQ(r1.issues[k].trajectory, r2.issues[k].trajectory);
      EXPECT_EQ(r1.issues[k].outcome, r2.issues[k].outcome);
    }
    EXPECT_EQ(r1.detail.dump(), r2.detail.dump());
  }
}

// Without links every pair of issues may be traded; with links only the linked ones, by the
// listed actors.
TEST(ExchangeModel, LinksDecideWhoMayTradeWhat) {
  const auto korea = io::load_scenario_file(test::source_path("scenarios/korea_peninsula.yaml"));
  const auto pairs = exchange::trade_pairs(*korea);
  ASSERT_EQ(pairs.size(), 2u);
  const auto usa = *korea->actor_index("USA"), rus = *korea->actor_index("RUS");
  for (const auto& p : pairs)
    for (std::size_t a = 0; a < korea->actors.size(); ++a)
      EXPECT_EQ(bool(p.actor_may_trade[a]), a == usa || a == rus);
  EXPECT_EQ(exchange::trade_pairs(*copenhagen()).size(), 21u);
}

// The seeds' question in exchange terms: Russia moves on Korea only as payment for a US move
// on US-Russia relations, so what the US does on that issue decides Russia's Korea stance.
TEST(ExchangeModel, UsStanceOnRussiaMovesRussiasKoreaPositionThroughExchange) {
  const auto korea = io::load_scenario_file(test::source_path("scenarios/korea_peninsula.yaml"));
  const Model& m = registry().get("exchange");
  auto russia_on_denuclearization = [&](const Scenario& s) {
    const auto r = m.run(s, ModelOptions{});
    const auto issue = *s.issue_index("denuclearization_pressure");
    const auto& res = r.issues[issue];
    const auto col = std::find(res.actors.begin(), res.actors.end(), "RUS") - res.actors.begin();
    return std::pair{res.trajectory.front()[col], res.trajectory.back()[col]};
  };
  const auto [start, end] = russia_on_denuclearization(*korea);
  EXPECT_GT(end, start + 1);  // Russia trades towards the US line for a US move on relations
  bool traded = false;
  const auto baseline = m.run(*korea, ModelOptions{});
  for (const auto& round : baseline.detail["rounds"])
    for (const auto& e : round["exchanges"])
      traded =
          traded || (e["j"]["actor"] == "RUS" && e["j"]["supply"] == "denuclearization_pressure" &&
                     e["i"]["actor"] == "USA" && e["i"]["supply"] == "us_russia_relations");
  EXPECT_TRUE(traded);
  // If the US already stood where Russia wants it on relations, it has nothing left to offer.
  Scenario engaged = *korea;
  const auto rel = *engaged.issue_index("us_russia_relations");
  double russia = 0;
  for (const auto& st : engaged.issues[rel].stances)
    if (engaged.actors[st.actor].id == "RUS") russia = st.position.value;
  for (auto& st : engaged.issues[rel].stances)
    if (engaged.actors[st.actor].id == "USA") st.position.value = russia;
  const auto [start2, end2] = russia_on_denuclearization(engaged);
  EXPECT_DOUBLE_EQ(start2, start);
  EXPECT_DOUBLE_EQ(end2, start2);
}

// Decimal28 against values printed by CPython's decimal module (default context).
TEST(Decimal28, MatchesPythonDecimal) {
  using exchange::Decimal28;
  auto is = [](const Decimal28& got, const char* want) { return got == Decimal28::parse(want); };
  EXPECT_TRUE(is(Decimal28(1) / Decimal28(3), "0.3333333333333333333333333333"));
  EXPECT_TRUE(is(Decimal28(2) / Decimal28(3), "0.6666666666666666666666666667"));
  EXPECT_TRUE(is(Decimal28::exact(0.4), "0.40000000000000002220446049250313080847263336181640625"));
  EXPECT_TRUE(is(Decimal28::parse("1.5") / Decimal28::parse("1.8") *
                     Decimal28::parse("4.013837537014005602240896359"),
                 "3.344864614178338001867413632"));
  // round half even at the 28th digit, and a carry into a 29th
  EXPECT_TRUE(is(Decimal28::parse("12345678901234567890123456785") + Decimal28(0),
                 "1.234567890123456789012345678E+28"));
  EXPECT_TRUE(is(Decimal28::parse("12345678901234567890123456775") + Decimal28(0),
                 "1.234567890123456789012345678E+28"));
  EXPECT_TRUE(is(Decimal28::parse("9999999999999999999999999999.5") + Decimal28(0), "1E+28"));
  EXPECT_TRUE(is(Decimal28::exact(0.1) * Decimal28(3), "0.3000000000000000166533453694"));
  EXPECT_TRUE(is(Decimal28::shortest(0.26), "0.26"));
  EXPECT_DOUBLE_EQ((Decimal28(1) / Decimal28(3)).to_double(), 1.0 / 3);
}

TEST(DecideCsv, ReadsTheReferenceFile) {
  const auto s = copenhagen();
  EXPECT_EQ(s->actors.size(), 11u);
  EXPECT_EQ(s->issues.size(), 7u);
  std::size_t stances = 0;
  for (const auto& i : s->issues) stances += i.stances.size();
  EXPECT_EQ(stances, 75u);
  EXPECT_EQ(s->issues[0].scale.min, 0);
  EXPECT_EQ(s->issues[0].scale.max, 100);
}

TEST(DecideCsv, BadInputNamesTheLine) {
  auto error_of = [](const std::string& text) {
    try {
      io::load_decide_csv_text(text, "bad.csv");
    } catch (const ImportError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string head = "'#A'\t'a'\t'A'\t''\n'#A'\t'b'\t'B'\t''\n'#P'\t'p'\t'P'\t''\n";
  EXPECT_NE(error_of(head + "'#D'\t'a'\t'p'\t50\t0.5\n").find("bad.csv:4"), std::string::npos);
  EXPECT_NE(error_of(head + "'#D'\t'z'\t'p'\t50\t0.5\t1\n").find("unknown actor 'z'"),
            std::string::npos);
  EXPECT_NE(error_of(head + "'#D'\t'a'\t'p'\tfifty\t0.5\t1\n").find("bad.csv:4:4"),
            std::string::npos);
  EXPECT_NE(
      error_of(head + "'#D'\t'a'\t'p'\t50\t1.5\t1\n'#D'\t'b'\t'p'\t5\t0.5\t1\n").find("salience"),
      std::string::npos);
  EXPECT_NE(error_of(head + "'#D'\t'a'\t'p'\t150\t0.5\t1\n'#D'\t'b'\t'p'\t5\t0.5\t1\n")
                .find("bad.csv:4:4"),
            std::string::npos);
  EXPECT_NE(error_of(head + "'#D'\t'a'\t'p'\t50\t0.5\t1\n").find("at least 2"), std::string::npos);
  EXPECT_NE(error_of("").find("empty file"), std::string::npos);
  EXPECT_NE(error_of("'#X'\t'a'\n").find("unknown row type"), std::string::npos);
}

}  // namespace
}  // namespace statecraft
