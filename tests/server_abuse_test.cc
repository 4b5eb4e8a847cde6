// The policy lab under abuse (loopback, bounded): >10,000 requests mixing valid Korean runs,
// malformed JSON, wrong types, unknown ids, oversized bodies, bad uploads, concurrent clients
// and clients that stall mid-request. Asserts no crash, 4xx for every bad request, bounded
// memory and correct answers afterwards; prints throughput and latency (docs/benchmarks.md).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "server/lab_server.h"
#include "test_support.h"

namespace statecraft::server {
namespace {

using Clock = std::chrono::steady_clock;

long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == "VmRSS:") {
      in >> value;
      return value;
    }
    in.ignore(4096, '\n');
  }
  return 0;
}

// A raw connection that sends the start of a request and then nothing.
int stalled_client(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(std::uint16_t(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return -1;
  const std::string head =
      "POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{\"scen";
  (void)!write(fd, head.data(), head.size());
  return fd;
}

struct Tally {
  std::atomic<int> sent{0}, ok{0}, client_errors{0}, server_errors{0}, failures{0};
};

void expect_status(Tally& t, const httplib::Result& r, int lo, int hi, const char* what) {
  ++t.sent;
  if (!r) {
    ++t.failures;
    ADD_FAILURE() << what << ": no response (" << httplib::to_string(r.error()) << ")";
    return;
  }
  if (r->status >= 500) ++t.server_errors;
  if (r->status >= 400 && r->status < 500) ++t.client_errors;
  if (r->status < 400) ++t.ok;
  if (r->status < lo || r->status > hi)
    ADD_FAILURE() << what << ": status " << r->status << " " << r->body.substr(0, 200);
}

TEST(LabServerAbuse, TenThousandMixedRequestsNoCrashBoundedMemory) {
  std::promise<int> ready;
  LabOptions o;
  o.port = 0;
  o.max_body = 64 << 10;
  o.time_limit = 30;
  o.scenario_dir = test::source_path("scenarios");
  std::thread server([o, &ready] { serve(o, [&](int p) { ready.set_value(p); }); });
  const int port = ready.get_future().get();
  auto client = [port] {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port);
    c->set_read_timeout(120, 0);
    return c;
  };
  const std::string korea_run = R"({"scenario": "korea-peninsula"})";
  Tally t;

  // Warm up, then take the reference answer and the memory baseline.
  auto c0 = client();
  std::string reference;
  for (int k = 0; k < 20; ++k) {
    auto r = c0->Post("/api/run", korea_run, "application/json");
    expect_status(t, r, 200, 200, "warm-up run");
    if (r) reference = r->body;
  }
  const long rss_before = rss_kib();

  // Clients that stall mid-request while everything else goes on.
  std::vector<int> stalled;
  for (int k = 0; k < 3; ++k) stalled.push_back(stalled_client(port));

  // Latency of a full Korean run (compromise:mean + bdm + smp), one client.
  std::vector<double> latency_ms;
#if defined(__SANITIZE_ADDRESS__)
  constexpr int kSequential = 30;  // only the plain build's latency means anything
#else
  constexpr int kSequential = 300;
#endif
  for (int k = 0; k < kSequential; ++k) {
    const auto start = Clock::now();
    auto r = c0->Post("/api/run", korea_run, "application/json");
    latency_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    expect_status(t, r, 200, 200, "sequential run");
    if (r) {
      EXPECT_EQ(r->body, reference);
    }
  }

  // Four concurrent clients: full runs and every kind of bad request.
  const std::string big(o.max_body + 1, 'x');
  const auto mixed_start = Clock::now();
  std::atomic<int> concurrent_runs{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w)
    workers.emplace_back([&, w] {
      auto c = client();
      for (int k = 0; k < 2450; ++k) {
        switch ((k + w) % 14) {
          case 0:
            expect_status(t, c->Post("/api/run", korea_run, "application/json"), 200, 200, "run");
            ++concurrent_runs;
            break;
          case 1:
            expect_status(t, c->Post("/api/run", "{\"scenario\": ", "application/json"), 400, 400,
                          "truncated JSON");
            break;
          case 2:
            expect_status(t,
                          c->Post("/api/run", std::string(64, char(k % 256)), "application/json"),
                          400, 400, "binary junk");
            break;
          case 3:
            expect_status(t, c->Post("/api/run", "[1, 2, 3]", "application/json"), 400, 400,
                          "not an object");
            break;
          case 4:
            expect_status(t, c->Post("/api/run", R"({"scenario": "atlantis"})", "application/json"),
                          404, 404, "unknown scenario");
            break;
          case 5:
            expect_status(t, c->Post("/api/run", R"({"scenario": 42})", "application/json"), 400,
                          400, "scenario of the wrong type");
            break;
          case 6:
            expect_status(
                t,
                c->Post(
                    "/api/run",
                    R"({"changes": [{"actor": "XXX", "field": "position", "issue": "sanctions_enforcement", "value": 5}]})",
                    "application/json"),
                422, 422, "unknown actor");
            break;
          case 7:
            expect_status(
                t,
                c->Post("/api/run", R"({"changes": [{"actor": 7, "field": [], "value": "x"}]})",
                        "application/json"),
                400, 422, "changes of the wrong types");
            break;
          case 8:
            expect_status(
                t, c->Post("/api/run", R"({"interventions": ["no_such"]})", "application/json"),
                422, 422, "unknown intervention");
            break;
          case 9:
            expect_status(t, c->Post("/api/run", big, "application/json"), 413, 413, "oversized");
            break;
          case 10:
            expect_status(t, c->Post("/api/validate", "scenario: [unclosed", "text/yaml"), 422, 422,
                          "bad YAML upload");
            break;
          case 11:
            expect_status(t,
                          c->Post("/api/run", R"({"models": ["nosuchmodel"]})", "application/json"),
                          422, 422, "unknown model");
            break;
          case 12:
            expect_status(t, c->Get("/api/nowhere"), 404, 404, "unknown path");
            break;
          default:
            expect_status(t, c->Get("/api/health"), 200, 200, "health");
        }
      }
    });
  for (auto& w : workers) w.join();
  const double mixed_seconds = std::chrono::duration<double>(Clock::now() - mixed_start).count();

  // Throughput of full runs alone, four clients.
  const auto tp_start = Clock::now();
  std::vector<std::thread> runners;
  for (int w = 0; w < 4; ++w)
    runners.emplace_back([&] {
      auto c = client();
      for (int k = 0; k < 50; ++k)
        expect_status(t, c->Post("/api/run", korea_run, "application/json"), 200, 200,
                      "parallel run");
    });
  for (auto& r : runners) r.join();
  const double tp_seconds = std::chrono::duration<double>(Clock::now() - tp_start).count();

  for (int fd : stalled)
    if (fd >= 0) close(fd);
  const long rss_after = rss_kib();

  // Still correct afterwards.
  auto after = c0->Post("/api/run", korea_run, "application/json");
  expect_status(t, after, 200, 200, "final run");
  if (after) {
    EXPECT_EQ(after->body, reference);
  }

  std::sort(latency_ms.begin(), latency_ms.end());
  const double p50 = latency_ms[latency_ms.size() / 2];
  const double p99 = latency_ms[latency_ms.size() * 99 / 100];
  std::printf(
      "abuse: %d requests (%d ok, %d client errors, %d server errors, %d failed); mixed phase "
      "%.2f s (%.0f req/s, %d full runs among them)\n"
      "Korean run latency (1 client): p50 %.2f ms, p99 %.2f ms; throughput (4 clients): %.1f "
      "runs/s; RSS %ld -> %ld KiB\n",
      t.sent.load(), t.ok.load(), t.client_errors.load(), t.server_errors.load(), t.failures.load(),
      mixed_seconds, 9800 / mixed_seconds, concurrent_runs.load(), p50, p99, 200 / tp_seconds,
      rss_before, rss_after);

  EXPECT_GE(t.sent.load(), 10000);
  EXPECT_EQ(t.server_errors.load(), 0);
  EXPECT_EQ(t.failures.load(), 0);
  // ASan keeps freed memory in quarantine (256 MB by default), so there only leaks count
  // (checked at exit); the plain build must stay within 150 MB.
#if defined(__SANITIZE_ADDRESS__)
  const long allowed_kib = 1024 * 1024;
#else
  const long allowed_kib = 150 * 1024;
#endif
  EXPECT_LT(rss_after - rss_before, allowed_kib) << "memory grew under load";
  stop_serving();
  server.join();
}

// Issue 13: 60 clients stalled mid-body made a valid run wait 45 s. The pool keeps 64
// workers beyond the run threads for them (docs/reliability.md, section 4), so a valid run
// is answered in its own time: well under the 3 s a stalled client may hold a worker.
TEST(LabServerAbuse, SixtyStalledClientsDoNotDelayAValidRun) {
  std::promise<int> ready;
  LabOptions o;
  o.port = 0;
  o.scenario_dir = test::source_path("scenarios");
  std::thread server([o, &ready] { serve(o, [&](int p) { ready.set_value(p); }); });
  const int port = ready.get_future().get();
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(60, 0);
  const std::string korea_run = R"({"scenario": "korea-peninsula"})";
  auto timed_run = [&] {
    const auto start = Clock::now();
    auto r = c.Post("/api/run", korea_run, "application/json");
    EXPECT_TRUE(r && r->status == 200);
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  const double alone = timed_run();

  for (int round = 0; round < 2; ++round) {  // twice: stalled workers must come back too
    std::vector<int> stalled;
    for (int k = 0; k < 60; ++k) stalled.push_back(stalled_client(port));
    EXPECT_EQ(std::count(stalled.begin(), stalled.end(), -1), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // all accepted and waiting
    const double delayed = timed_run();
    std::printf("valid run alone %.3f s, beside 60 stalled clients %.3f s\n", alone, delayed);
    EXPECT_LT(delayed, alone + 2.0) << "a valid run waited behind stalled clients";
    for (int fd : stalled) close(fd);
  }
  stop_serving();
  server.join();
}

}  // namespace
}  // namespace statecraft::server
