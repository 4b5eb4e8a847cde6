// The policy lab's JSON API, exercised over real HTTP on a free loopback port.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/errors.h"
#include "experiments/pipeline.h"
#include "io/scenario_writer.h"
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

TEST_F(LabServer, ARunOverTheTimeLimitIsCancelledWith503) {
  // 300 actors: BDM rounds are O(n^3), seconds in all, far beyond half a second, and checks the
  // token.
  std::vector<test::ActorRow> rows;
  for (int i = 0; i < 300; ++i)
    rows.push_back({1.0 + i % 7, double(i % 101), 0.2 + (i % 5) / 10.0});
  const std::string yaml = io::scenario_to_yaml(*test::one_issue_scenario(rows));
  const auto started = std::chrono::steady_clock::now();
  auto r = post("/api/run", Json{{"yaml", yaml}, {"models", {"bdm"}}}.dump());
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
