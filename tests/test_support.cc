#include "test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/registry.h"
#include "io/scenario_loader.h"

namespace statecraft::test {

std::string source_path(const std::string& relative) {
  return std::string(STATECRAFT_SOURCE_DIR) + "/" + relative;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CliResult run_statecraft(const std::string& dir, const std::string& args) {
  // Captures named by process and call, outside `dir`: tests running in parallel may share
  // a working directory (the temp dir), and `dir` then holds only what the command wrote.
  static std::atomic<int> calls{0};
  const std::string capture =
      (std::filesystem::temp_directory_path() /
       ("statecraft-cli-" + std::to_string(::getpid()) + "-" + std::to_string(calls++)))
          .string();
  const std::string cmd = "cd '" + dir + "' && '" + STATECRAFT_BINARY + "' " + args + " > '" +
                          capture + ".out' 2> '" + capture + ".err'";
  const int status = std::system(cmd.c_str());
  CliResult out{WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(capture + ".out"),
                read_file(capture + ".err")};
  std::filesystem::remove(capture + ".out");
  std::filesystem::remove(capture + ".err");
  return out;
}

ScenarioPtr scenario_from_yaml(const std::string& yaml) {
  return io::load_scenario_text(yaml, "test.yaml");
}

ScenarioPtr one_issue_scenario(const std::vector<ActorRow>& rows, double min, double max) {
  auto s = std::make_shared<Scenario>();
  s->id = "generated";
  s->sources.push_back(Source{"gen", "generated", "", "", "", "", ""});
  Issue issue;
  issue.id = "x";
  issue.scale = Scale{min, max, "low end", "high end", {}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    Actor a;
    a.id = "A" + std::to_string(i);
    a.name = a.id;
    a.capability = Quantity{rows[i].capability, std::nullopt, {"gen"}, ""};
    s->actors.push_back(a);
    Stance st;
    st.actor = i;
    st.position = Quantity{rows[i].position, std::nullopt, {"gen"}, ""};
    st.salience = Quantity{rows[i].salience, std::nullopt, {"gen"}, ""};
    issue.stances.push_back(st);
  }
  s->issues.push_back(issue);
  return s;
}

std::vector<ModelResult> run_models(const Scenario& scenario,
                                    const std::vector<std::string>& specs) {
  std::vector<ModelResult> runs;
  for (const auto& name : specs) {
    const ModelSpec spec = parse_model_spec(name);
    ModelOptions o;
    o.variant = spec.variant;
    runs.push_back(spec.model->run(scenario, o));
  }
  return runs;
}

}  // namespace statecraft::test
