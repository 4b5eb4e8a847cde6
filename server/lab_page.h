#pragma once

#include <string>
#include <string_view>

namespace statecraft::server {

// The policy lab's single page (server/assets/lab.html); it loads /lab.css and /lab.js and
// fetches nothing but /api/.
const std::string& lab_page();

// An embedded file of server/assets by name ("lab.js"); empty if there is none.
std::string_view lab_asset(std::string_view name);

}  // namespace statecraft::server
