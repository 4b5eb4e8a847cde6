// Warnings about input that loads but is probably not what the author meant (e.g. saliences
// written 0-1 in a file that reads them 0-100). Loaders report them here; the front end
// decides where they go (the CLI prints "statecraft: warning: file:line:col: ...").
#pragma once

#include <functional>

#include "core/errors.h"

namespace statecraft::io {

using WarningHandler = std::function<void(const Problem&)>;

// Installs the handler (none by default: warnings are dropped). Set it once at start-up;
// the handler may be called from several threads at once.
void set_warning_handler(WarningHandler handler);
void warn(const Problem& warning);

}  // namespace statecraft::io
