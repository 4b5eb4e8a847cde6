#include "server/lab_page.h"

namespace statecraft::server {

const std::string& lab_page() {
  static const std::string page(lab_asset("lab.html"));
  return page;
}

}  // namespace statecraft::server
