#include "io/warnings.h"

#include <utility>

namespace statecraft::io {
namespace {

WarningHandler& handler() {
  static WarningHandler h;
  return h;
}

}  // namespace

void set_warning_handler(WarningHandler h) { handler() = std::move(h); }

void warn(const Problem& warning) {
  if (handler()) handler()(warning);
}

}  // namespace statecraft::io
