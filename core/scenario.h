// The immutable scenario every model reads: actors, issues with their scales and each
// actor's stance, and the evidence behind every number. Built only by io/ loaders,
// which validate it completely; models receive `const Scenario&`.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/conflict_spec.h"

namespace statecraft {

// A number with the evidence for it and, optionally, the range Monte Carlo draws from.
struct Quantity {
  double value = 0;
  std::optional<std::pair<double, double>> range;  // inclusive [low, high]
  std::vector<std::string> sources;                // keys into Scenario::sources
  std::string note;
};

struct Source {
  std::string key;
  std::string title;
  std::string author;
  std::string date;
  std::string kind;  // article, dataset, report, treaty, resolution, ...
  std::string url;
  std::string note;
};

struct Actor {
  std::string id;
  std::string name;
  Quantity capability;  // > 0, any unit shared by all actors of the scenario
  std::string note;
};

struct Scale {
  double min = 0;
  double max = 100;
  std::string low;   // what the `min` end means, in words
  std::string high;  // what the `max` end means, in words
  // Described points in between (and optionally at the ends): what a position there means
  // concretely, e.g. {50: "enforce the existing resolutions, no new ones"}.
  std::map<double, std::string> points;
};

// One actor's stance on one issue.
struct Stance {
  std::size_t actor = 0;               // index into Scenario::actors
  Quantity position;                   // on the issue's scale
  Quantity salience;                   // in [0, 1] internally (YAML writes 0-100)
  std::optional<Quantity> capability;  // per-issue override of the actor's capability
  std::string note;
};

struct Issue {
  std::string id;
  std::string name;
  std::string description;
  Scale scale;
  std::optional<std::string> institution;  // id into Scenario::institutions
  std::optional<Quantity> status_quo;
  std::vector<Stance> stances;  // file order; at most one per actor
};

// How a body with a voting rule decides (kind "voting"; read by the procedural model).
struct VotingProcedure {
  enum class Rule { Majority, Qualified, Unanimity };
  Rule rule = Rule::Majority;  // majority: more than half the vote weight; unanimity: all of it
  double threshold = 0.5;      // qualified: share of the vote weight needed, in (0, 1]
  std::vector<std::pair<std::size_t, double>> votes;  // (actor index, vote weight > 0), file order
  std::size_t agenda_setter = 0;  // actor index; need not be a voting member (e.g. a commission)
};

// A rule that constrains outcomes, e.g. a Security Council vote with vetoes.
struct Institution {
  std::string id;
  std::string name;
  std::string kind;                       // "veto" or "voting"
  std::vector<std::size_t> veto_holders;  // actor indices (kind "veto")
  std::optional<VotingProcedure> voting;  // set for kind "voting"
  std::vector<std::string> sources;
  std::string note;
};

// Issues whose positions an actor may trade against each other (exchange model).
struct Link {
  std::vector<std::size_t> issues;  // two or more issue indices
  std::vector<std::size_t> actors;  // empty = every actor holding both stances
  std::vector<std::string> sources;
  std::string note;
};

struct Change {
  enum class Field { Position, Salience, Capability };
  Field field = Field::Position;
  std::size_t actor = 0;
  std::optional<std::size_t> issue;  // required for position/salience; optional for capability
  std::optional<double> set;         // exactly one of set / shift
  std::optional<double> shift;
};

// A named counterfactual ("the US engages Russia").
struct Intervention {
  std::string id;
  std::string name;
  std::string description;
  int at_round = 0;
  std::vector<Change> changes;
  std::vector<std::string> sources;
};

// What really happened, for backtests: an issue's outcome, or (with `actor`) the position
// that actor itself took on the issue.
struct Outcome {
  std::size_t issue = 0;
  std::optional<std::size_t> actor;  // set: the actor's own position, not the issue outcome
  std::string date;                  // ISO 8601
  double value = 0;
  std::vector<std::string> sources;
  std::string note;
};

// An actor's position (or salience) on one issue that responds to the state of another
// issue: its forecast outcome, or another actor's position there (issue 14; the solver is
// experiments/responses.h). Linear with bounds:
//   value = clamp(base + slope * (driver - reference), bounds)
// where `base` is the actor's stance on `issue` as the scenario states it.
struct Response {
  enum class Field { Position, Salience };
  std::size_t actor = 0;  // who responds
  std::size_t issue = 0;  // on which issue
  Field field = Field::Position;
  std::size_t driver_issue = 0;             // the issue it responds to
  std::optional<std::size_t> driver_actor;  // set: that actor's position; unset: the outcome
  Quantity slope;                           // per unit of the driver; Monte Carlo draws its range
  double reference = 0;                     // the driver value at which the response is zero
  bool reference_stated = false;            // false: the loader's default (docs/scenario-format.md)
  std::optional<std::pair<double, double>>
      bounds;  // clamp; default the issue's scale (salience 0-1)
  std::vector<std::string> sources;
  std::string note;
};

// How an actor's saliences on different issues relate. `independent`: each says how much
// that issue matters on its own (0-100 each). `budget`: they share one budget of attention
// (KTAB's convention; each actor's saliences sum to at most 100).
enum class SalienceBasis { Independent, Budget };

struct Scenario {
  std::string id;
  SalienceBasis salience_basis = SalienceBasis::Independent;
  std::string title;
  std::string as_of;
  std::string description;
  std::string origin;  // the file it came from (for messages)
  std::vector<Source> sources;
  std::vector<Actor> actors;
  std::vector<Issue> issues;
  std::vector<Institution> institutions;
  std::vector<Link> links;
  std::vector<Response> responses;
  std::vector<Intervention> interventions;
  std::vector<Outcome> outcomes;
  std::vector<ConflictSpec> conflicts;

  std::optional<std::size_t> actor_index(const std::string& id) const;
  std::optional<std::size_t> issue_index(const std::string& id) const;
  const Source* source(const std::string& key) const;
};

using ScenarioPtr = std::shared_ptr<const Scenario>;

// The numbers a spatial model needs for one issue, in stance order.
struct IssueData {
  std::vector<std::size_t> actors;  // scenario actor indices
  std::vector<double> position;
  std::vector<double> salience;    // [0, 1]
  std::vector<double> capability;  // effective: the per-issue override or the actor's
};

IssueData issue_data(const Scenario& scenario, std::size_t issue);

}  // namespace statecraft
