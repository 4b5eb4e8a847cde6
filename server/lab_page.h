#pragma once

#include <string>

namespace statecraft::server {

// The policy lab's single page (HTML, CSS and JavaScript inline; nothing fetched but /api/).
const std::string& lab_page();

}  // namespace statecraft::server
