#include "cli/request_args.h"

#include "io/input_file.h"

namespace statecraft::cli {

RunRequest to_request(const RequestArgs& args) {
  RunRequest r;
  r.scenario = args.input.empty() ? io::load_default_scenario() : io::load_input(args.input);
  for (const auto& m : args.models) r.models.push_back({m, 0, {}});
  r.params = args.params;
  r.interventions = args.interventions;
  r.rounds = args.rounds;
  r.seed = args.seed;
  r.threads = args.threads;
  r.institutions = !args.no_institutions;
  return r;
}

}  // namespace statecraft::cli
