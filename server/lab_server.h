// The policy lab: a local HTTP server (cpp-httplib) with a page to move actors' positions,
// toggle interventions and re-run, and a JSON API under /api/ (docs/api.md).
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace statecraft::server {

struct LabOptions {
  std::string host = "127.0.0.1";  // loopback unless asked otherwise
  int port = 8080;                 // 0 = any free port
  std::size_t max_body = 1 << 20;  // bytes
  double time_limit = 10;          // seconds per model run
  std::string scenario_dir = "scenarios";
  int threads = 2;
};

// Serves until stopped (SIGINT/SIGTERM). `on_ready` gets the bound port.
int serve(const LabOptions& options, const std::function<void(int port)>& on_ready);

// Asks a running `serve` to return (what SIGINT does); for tests and embedding.
void stop_serving();

}  // namespace statecraft::server
