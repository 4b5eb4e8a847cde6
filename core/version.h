#pragma once

namespace statecraft {

inline constexpr const char* kVersion = "0.1.0";

}  // namespace statecraft
