// Actor colours for every chart of a report: one colour (and line style) per actor id,
// fixed for the whole scenario, so an actor looks the same in every chart even when it
// sits out an issue. The first eight are the Okabe-Ito colour-blind-safe set in an order
// that keeps the two blues apart; later actors get generated hues and a dash pattern, so
// no two actors are told apart by colour alone (every line also carries its actor's label).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace statecraft::report {

struct ActorStyle {
  std::string colour;  // #rrggbb
  std::string dash;    // SVG stroke-dasharray; empty = solid
};

class Palette {
 public:
  // `actor_ids`: every actor of the scenario, in the scenario's order.
  explicit Palette(const std::vector<std::string>& actor_ids);
  // The style of an actor; an id not in the scenario gets grey.
  const ActorStyle& style(const std::string& actor_id) const;

 private:
  std::map<std::string, ActorStyle> styles_;
  ActorStyle unknown_{"#777777", "2,2"};
};

// The k-th style of the sequence (k = 0, 1, ...), exposed for tests.
ActorStyle nth_style(std::size_t k);

}  // namespace statecraft::report
