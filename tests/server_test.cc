// The policy lab's JSON API, exercised over real HTTP on a free loopback port.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/errors.h"
#include "experiments/pipeline.h"
#include "io/input_file.h"
#include "io/scenario_loader.h"
#include "io/scenario_writer.h"
#include "server/lab_document.h"
#include "server/lab_run.h"
#include "server/lab_server.h"
#include "test_support.h"

namespace statecraft::server {
namespace {

using Json = nlohmann::json;

class LabServer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::promise<int> ready;
    LabOptions o;
    o.port = 0;
    o.max_body = 1 << 20;
    o.time_limit = 0.5;  // Korean runs take milliseconds; the big upload below takes seconds
    o.scenario_dir = test::source_path("scenarios");
    thread_ = std::thread([o, &ready] { serve(o, [&](int p) { ready.set_value(p); }); });
    port_ = ready.get_future().get();
  }
  static void TearDownTestSuite() {
    stop_serving();
    thread_.join();
  }
  httplib::Result get(const std::string& path) { return client().Get(path.c_str()); }
  httplib::Result post(const std::string& path, const std::string& body) {
    return client().Post(path.c_str(), body, "application/json");
  }
  static Json run(const Json& request) {
    httplib::Client c("127.0.0.1", port_);
    auto r = c.Post("/api/run", request.dump(), "application/json");
    EXPECT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
    return Json::parse(r->body);
  }
  static double outcome(const Json& result, const std::string& model, const std::string& issue) {
    for (const auto& run : result["runs"])
      if (run["model"] == model)
        for (std::size_t i = 0; i < result["issues"].size(); ++i)
          if (result["issues"][i]["id"] == issue) return run["issues"][i]["outcome"].get<double>();
    ADD_FAILURE() << "no " << model << " outcome for " << issue;
    return 0;
  }
  httplib::Client& client() {
    if (!client_) {
      client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
      client_->set_read_timeout(60, 0);  // sanitizer builds are slow
    }
    return *client_;
  }
  static inline std::thread thread_;
  static inline int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(LabServer, ServesThePageAndTheCatalogue) {
  auto page = get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("statecraft policy lab"), std::string::npos);
  auto list = get("/api/scenarios");
  ASSERT_TRUE(list);
  const Json ids = Json::parse(list->body);
  std::vector<std::string> names;
  for (const auto& s : ids) names.push_back(s["id"]);
  EXPECT_NE(std::find(names.begin(), names.end(), "korea-peninsula"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "ec-car-emissions"), names.end());
  auto korea = get("/api/scenarios/korea-peninsula");
  ASSERT_TRUE(korea);
  const Json doc = Json::parse(korea->body);
  EXPECT_EQ(doc["summary"]["actors"].size(), 8u);  // the P5 with GBR and FRA
  EXPECT_NE(doc["yaml"].get<std::string>().find("scenario:"), std::string::npos);
  // The editable document: the YAML as JSON, numbers as numbers.
  // The 2021 snapshot extends the 2019 one; the lab offers the whole merged scenario.
  EXPECT_FALSE(doc["document"].contains("extends"));
  EXPECT_EQ(doc["document"]["actors"][0]["id"], "USA");
  const Json ec = Json::parse(get("/api/scenarios/ec-car-emissions")->body);
  EXPECT_TRUE(ec["document"]["issues"][0]["positions"].is_object());
  EXPECT_EQ(get("/lab.js")->status, 200);
  EXPECT_NE(get("/lab.js")->body.find("/api/run"), std::string::npos);
  EXPECT_NE(get("/lab.css")->body.find("grid-template-columns"), std::string::npos);
  const Json models = Json::parse(get("/api/models")->body);
  EXPECT_EQ(models["models"][0]["name"], "compromise");
  EXPECT_FALSE(models["models"][2]["variants"].empty());
  EXPECT_EQ(models["default"].size(), 5u);
  EXPECT_EQ(get("/api/scenarios/nowhere")->status, 404);
  EXPECT_EQ(get("/api/nothing")->status, 404);
}

TEST_F(LabServer, MovingAPositionChangesTheForecastDeterministically) {
  const Json base = run({{"scenario", "korea-peninsula"}});
  EXPECT_EQ(base["runs"].size(), default_models().size());
  EXPECT_FALSE(base["conflicts"].empty());
  const Json change = {{"scenario", "korea-peninsula"},
                       {"changes",
                        {{{"actor", "CHN"},
                          {"issue", "denuclearization_pressure"},
                          {"field", "position"},
                          {"value", 100}}}}};
  const Json moved = run(change);
  EXPECT_GT(outcome(moved, "compromise", "denuclearization_pressure"),
            outcome(base, "compromise", "denuclearization_pressure"));
  EXPECT_EQ(run(change).dump(), moved.dump());  // same request, same bytes
}

TEST_F(LabServer, InterventionsMatchTheScenarioDefinition) {
  const Json base = run(Json::object());
  const Json engaged =
      run({{"interventions", {"us_engages_russia"}}, {"models", {"compromise:mean"}}});
  EXPECT_EQ(engaged["runs"].size(), 1u);
  EXPECT_NE(outcome(engaged, "compromise", "us_russia_relations"),
            outcome(base, "compromise", "us_russia_relations"));
}

TEST_F(LabServer, RejectsBadRequestsWithReasons) {
  auto malformed = post("/api/run", "{not json");
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 400);
  EXPECT_NE(Json::parse(malformed->body)["error"].get<std::string>().find("malformed JSON"),
            std::string::npos);
  EXPECT_EQ(post("/api/run", "[1, 2]")->status, 400);
  EXPECT_EQ(post("/api/run", std::string(2 << 20, 'x'))->status, 413);
  auto actor = post(
      "/api/run",
      R"({"changes":[{"actor":"XXX","issue":"sanctions_enforcement","field":"position","value":1}]})");
  EXPECT_EQ(actor->status, 422);
  EXPECT_NE(actor->body.find("unknown actor 'XXX'"), std::string::npos);
  EXPECT_EQ(post("/api/run", R"({"models":["nope"]})")->status, 422);
  EXPECT_EQ(post("/api/run", R"({"interventions":["nope"]})")->status, 422);
  EXPECT_EQ(post("/api/run", R"({"scenario":"nowhere"})")->status, 404);
  auto yaml = post("/api/validate", "scenario: x\nactors: 3\n");
  EXPECT_EQ(yaml->status, 422);
  const Json problems = Json::parse(yaml->body)["problems"];
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems.dump().find("upload.yaml:2"), std::string::npos);
}

TEST_F(LabServer, RunsAnUploadedScenario) {
  const std::string yaml = test::read_file(test::source_path("scenarios/ec_car_emissions.yaml"));
  const Json result = run({{"yaml", yaml}, {"models", {"bdm"}}});
  EXPECT_EQ(result["scenario"]["id"], "ec-car-emissions");
}

// Scenario -> interventions -> the request's changes: an edit on a number the intervention
// sets wins, and the baseline of a comparison has neither.
TEST_F(LabServer, EditsApplyAfterInterventionsAndCompareGivesTheDifference) {
  const Json edit = {
      {"actor", "USA"}, {"issue", "us_russia_relations"}, {"field", "position"}, {"value", 90}};
  const Json both = run({{"models", {"compromise:mean"}},
                         {"interventions", {"us_engages_russia"}},
                         {"changes", {edit}},
                         {"compare", true}});
  // The edit (90) wins over the intervention's own value for the same number (65).
  const Json& issues = both["edited"]["runs"][0]["issues"];
  for (const auto& is : issues)
    if (is["issue"] == "us_russia_relations") {
      const auto& actors = is["actors"];
      for (std::size_t a = 0; a < actors.size(); ++a)
        if (actors[a] == "USA") {
          EXPECT_EQ(is["trajectory"][0][a].get<double>(), 90);
        }
    }
  const Json plain = run({{"models", {"compromise:mean"}}});
  EXPECT_DOUBLE_EQ(outcome(both["baseline"], "compromise", "us_russia_relations"),
                   outcome(plain, "compromise", "us_russia_relations"));
  Json d;
  for (const auto& x : both["difference"]["runs"][0]["issues"])
    if (x["issue"] == "us_russia_relations") d = x;
  EXPECT_EQ(d["issue"], "us_russia_relations");
  EXPECT_DOUBLE_EQ(d["difference"].get<double>(),
                   d["edited"].get<double>() - d["baseline"].get<double>());
  EXPECT_GT(d["difference"].get<double>(), 0);
}

TEST_F(LabServer, ChangesAreValidatedNeverClampedAndEveryProblemListed) {
  auto r = post("/api/run", R"({"changes":[
      {"actor":"USA","issue":"us_russia_relations","field":"position","value":150},
      {"actor":"USA","issue":"us_russia_relations","field":"salience","value":-1},
      {"actor":"XXX","field":"capability","value":1}]})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  const Json problems = Json::parse(r->body)["problems"];
  ASSERT_EQ(problems.size(), 3u) << r->body;
  EXPECT_NE(problems[0].get<std::string>().find("outside the scale"), std::string::npos);
  EXPECT_NE(problems[2].get<std::string>().find("unknown actor 'XXX'"), std::string::npos);
  EXPECT_EQ(post("/api/run", R"({"modles":["bdm"]})")->status, 400);  // unknown keys
  EXPECT_EQ(post("/api/run", R"({"models":[{"model":"bdm","rounds":0}]})")->status, 400);
}

TEST_F(LabServer, ModelsTakeVariantsRoundsAndSeeds) {
  const Json r =
      run({{"models", {{{"model", "bdm:reference"}, {"rounds", 3}}, "smp"}}, {"seed", 7}});
  ASSERT_EQ(r["runs"].size(), 2u);
  EXPECT_EQ(r["runs"][0]["variant"], "reference");
  EXPECT_EQ(r["runs"][0]["issues"][0]["trajectory"].size(), 4u);  // round 0 + 3 rounds
  EXPECT_EQ(r["runs"][1]["seed"], 7);
}

TEST_F(LabServer, MonteCarloGivesBandsOnCommonDrawsAndReportsProgress) {
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(60, 0);
  const Json request = {{"models", {"compromise:mean"}},
                        {"interventions", {"us_engages_russia"}},
                        {"compare", true},
                        {"mc", {{"runs", 40}}}};
  auto r = c.Post("/api/run?progress=test-token", request.dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const Json doc = Json::parse(r->body);
  std::size_t rel = 0;
  for (std::size_t i = 0; i < doc["edited"]["issues"].size(); ++i)
    if (doc["edited"]["issues"][i]["id"] == "us_russia_relations") rel = i;
  const Json& band = doc["edited"]["monte_carlo"]["models"][0]["issues"][rel]["outcome"];
  EXPECT_LE(band["p05"].get<double>(), band["median"].get<double>());
  EXPECT_LE(band["median"].get<double>(), band["p95"].get<double>());
  EXPECT_TRUE(doc["difference"]["monte_carlo"]["common_random_numbers"].get<bool>());
  EXPECT_EQ(doc["difference"]["monte_carlo"]["models"][0]["issues"][rel]["direction"], "up");
  // The package verdict per model, as `statecraft whatif` gives it: the US gives ground on
  // relations, so under the compromise utility it is worse off.
  const Json& package = doc["difference"]["runs"][0]["package"];
  EXPECT_EQ(package["model"], "compromise:mean");
  bool usa_worse = false;
  for (const auto& a : package["actors"])
    if (a["actor"] == "USA") usa_worse = a["verdict"] == "worse";
  EXPECT_TRUE(usa_worse) << package.dump();
  EXPECT_GT(
      doc["difference"]["monte_carlo"]["models"][0]["issues"][rel]["shift"]["median"].get<double>(),
      0);
  EXPECT_DOUBLE_EQ(Json::parse(get("/api/progress/test-token")->body)["progress"].get<double>(),
                   1.0);
  EXPECT_EQ(get("/api/progress/unknown")->status, 404);
  // Rounds everywhere: Monte Carlo runs each model at the rounds asked for.
  EXPECT_EQ(post("/api/run", R"({"rounds":3,"models":["bdm"],"mc":{"runs":10}})")->status, 200);
}

TEST_F(LabServer, UploadsAreNamedByTheirFile) {
  auto v =
      client().Post("/api/validate?name=my-file.yaml", "scenario: x\nactors: 3\n", "text/yaml");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->status, 422);
  EXPECT_NE(v->body.find("my-file.yaml:2"), std::string::npos);
  EXPECT_EQ(v->body.find("upload.yaml"), std::string::npos);
  auto r = post("/api/run", Json{{"yaml", "scenario: x\n"}, {"origin", "mine.yaml"}}.dump());
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(r->body.find("mine.yaml"), std::string::npos);
}

// The page's document (YAML as JSON), edited and turned back into YAML, loads as the same
// scenario; /api/yaml validates what it writes.
TEST_F(LabServer, DocumentsRoundTripThroughYaml) {
  for (const char* file : {"scenarios/korea_peninsula.yaml", "scenarios/ec_car_emissions.yaml"}) {
    const std::string text = test::read_file(test::source_path(file));
    auto validated = client().Post("/api/validate", text, "text/yaml");
    ASSERT_EQ(validated->status, 200);
    // ordered: an issue's positions keep the file's actor order
    const auto document = nlohmann::ordered_json::parse(validated->body)["document"];
    auto yaml = post("/api/yaml", document.dump());
    ASSERT_EQ(yaml->status, 200) << yaml->body;
    const auto files = io::embedded_scenario_files();
    EXPECT_EQ(io::scenario_to_yaml(*io::load_scenario_text(yaml->body, "a.yaml", files)),
              io::scenario_to_yaml(*io::load_scenario_text(text, "a.yaml", files)))
        << file;
    // JSON is YAML: the document runs as it is.
    EXPECT_EQ(run({{"yaml", document.dump()}, {"models", {"bdm"}}})["scenario"]["id"],
              document["scenario"].get<std::string>());
  }
  auto broken = post("/api/yaml", R"({"scenario":"x"})");
  EXPECT_EQ(broken->status, 422);
  auto deep =
      post("/api/yaml", "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}");
  EXPECT_EQ(deep->status, 422);
  EXPECT_NE(deep->body.find("nested deeper"), std::string::npos);
}

// Issue 16: a Korean run with the default models stays under 100 ms p99 on the loopback.
// Also prints the page's own request (the same with compare, an intervention and an edit).
TEST_F(LabServer, AKoreanRunWithTheDefaultModelsTakesUnder100msAtP99) {
#if defined(__SANITIZE_ADDRESS__)
  // The sanitizer build is several times slower by design: there the requests only have to
  // succeed, and a few suffice.
  constexpr int kRequests = 30, kAttempts = 1;
#else
  constexpr int kRequests = 210, kAttempts = 3;
#endif
  const auto p50_p99 = [&](const std::string& body) {
    std::vector<double> ms;
    for (int k = 0; k < kRequests; ++k) {
      const auto start = std::chrono::steady_clock::now();
      auto r = post("/api/run", body);
      const auto end = std::chrono::steady_clock::now();
      EXPECT_TRUE(r && r->status == 200);
      if (k >= 10) ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    }
    std::sort(ms.begin(), ms.end());
    return std::pair{ms[ms.size() / 2], ms[ms.size() * 99 / 100]};
  };
  // Other jobs on a shared machine add scheduling stalls: the best of three batches counts.
  double best_p99 = 1e9;
  for (int attempt = 0; attempt < kAttempts && best_p99 >= 100; ++attempt) {
    const auto [p50, p99] = p50_p99("{}");
    const auto [cp50, cp99] = p50_p99(
        R"({"compare":true,"interventions":["us_engages_russia"],"changes":[{"actor":"CHN",)"
        R"("issue":"denuclearization_pressure","field":"position","value":80}]})");
    std::printf(
        "lab latency, Korean default models: p50 %.1f ms, p99 %.1f ms; with compare: p50 "
        "%.1f ms, p99 %.1f ms\n",
        p50, p99, cp50, cp99);
    best_p99 = std::min(best_p99, p99);
  }
#if !defined(__SANITIZE_ADDRESS__)
  EXPECT_LT(best_p99, 100);
#endif
}

TEST(LabDocument, KeepsTypesOrderAndTextThatLooksLikeNumbers) {
  const nlohmann::ordered_json doc = yaml_to_document(
      "b: 1\na: \"2\"\nc: [0.5, 1e3, x, true, ~]\nd: {z: 2021-09-07, y: '007', x: -3}\n", "t.yaml");
  EXPECT_EQ(
      doc.dump(),
      R"({"b":1,"a":"2","c":[0.5,1000.0,"x",true,null],"d":{"z":"2021-09-07","y":"007","x":-3}})");
  const std::string yaml = document_to_yaml(doc);
  EXPECT_EQ(yaml_to_document(yaml, "u.yaml"), doc) << yaml;  // text "2" and "007" stay text
  EXPECT_NE(yaml.find("d: {z: 2021-09-07, y: \"007\", x: -3}"), std::string::npos) << yaml;
  EXPECT_THROW(yaml_to_document("a: [", "broken.yaml"), ScenarioError);
}

// The decoder of run requests answers any bytes with a typed refusal: the fuzz corpus and
// crashers of the /api/run decoder, plus mutations of a valid request, through
// run_lab_request itself.
TEST(LabRunRequest, AnyBodyGetsATypedAnswer) {
  const ScenarioPtr korea = io::load_default_scenario();
  const std::map<std::string, ScenarioPtr> catalogue{{korea->id, korea}};
  LabRunSettings settings;
  settings.time_limit = 2;
  std::vector<std::string> bodies;
  for (const char* dir : {"fuzz/corpus/api_run_json", "fuzz/crashers/api_run_json"})
    for (const auto& e : std::filesystem::directory_iterator(test::source_path(dir)))
      bodies.push_back(test::read_file(e.path().string()));
  const std::string valid =
      R"({"models":[{"model":"bdm","rounds":2}],"changes":[{"actor":"USA","issue":)"
      R"("us_russia_relations","field":"position","value":50}],"compare":true})";
  for (std::size_t k = 0; k < valid.size(); ++k) {
    bodies.push_back(valid.substr(0, k));                                 // truncated
    bodies.push_back(valid.substr(0, k) + "\x9f" + valid.substr(k + 1));  // one byte replaced
  }
  int answered = 0;
  for (const auto& body : bodies) {
    try {
      run_lab_request(body, catalogue, settings);
      ++answered;
    } catch (const LabRequestError& e) {
      EXPECT_TRUE(e.status() == 400 || e.status() == 404) << body;
      ++answered;
    } catch (const InputError&) {
      ++answered;
    }
  }
  EXPECT_EQ(answered, int(bodies.size()));
  EXPECT_NO_THROW(run_lab_request(valid, catalogue, settings));
}

// The upload reads every format of the importer table (`?name=` chooses by extension) and
// answers the scenario as YAML, which /api/run then takes.
TEST_F(LabServer, UploadsAnyImporterFormat) {
  const std::string bdm =
      "\xEF\xBB\xBF"
      "Actor,Capability,Position,Salience\r\nA,1,10,0.5\r\nB,2,60,0.8\r\n";
  auto csv = post("/api/validate?name=actors.csv", bdm);
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200) << csv->body;
  const Json v = Json::parse(csv->body);
  EXPECT_EQ(v["summary"]["actors"].size(), 2u);
  const Json result = run({{"yaml", v["yaml"]}, {"models", {"bdm"}}});
  EXPECT_EQ(result["scenario"]["id"], "actors");
  auto bad = post("/api/validate?name=actors.csv", "Actor,Capability,Position,Salience\nA,x,1,1\n");
  EXPECT_EQ(bad->status, 422);
  EXPECT_NE(bad->body.find("actors.csv:2:2"), std::string::npos) << bad->body;
  EXPECT_EQ(post("/api/validate?name=notes.txt", "x")->status, 422);
}

TEST_F(LabServer, ARunOverTheTimeLimitIsCancelledWith503) {
  // 300 actors in BDM's reference variant: its rounds are O(n^3) (the default variant's are
  // O(n^2) and finish in time), seconds in all, far beyond half a second, and it checks the
  // token.
  std::vector<test::ActorRow> rows;
  for (int i = 0; i < 300; ++i)
    rows.push_back({1.0 + i % 7, double(i % 101), 0.2 + (i % 5) / 10.0});
  const std::string yaml = io::scenario_to_yaml(*test::one_issue_scenario(rows));
  const auto started = std::chrono::steady_clock::now();
  auto r = post("/api/run", Json{{"yaml", yaml}, {"models", {"bdm:reference"}}}.dump());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503) << r->body.substr(0, 200);
  EXPECT_NE(r->body.find("time limit"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(60));
  EXPECT_EQ(get("/api/health")->status, 200);  // and the lab is still serving
}

TEST_F(LabServer, ABusyPortIsATypedError) {
  LabOptions o;
  o.port = port_;
  EXPECT_THROW(serve(o, [](int) {}), OutputError);
}

}  // namespace
}  // namespace statecraft::server
