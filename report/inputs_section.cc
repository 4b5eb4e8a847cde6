#include "report/inputs_section.h"

#include <fmt/format.h>

#include <algorithm>

#include "report/charts.h"

namespace statecraft::report {
namespace {

// A quantity as "value" or "value (low–high)".
std::string quantity(const Json& q, const char* format = "{:.4g}") {
  if (!q.is_object()) return "—";
  std::string out = fmt::format(fmt::runtime(format), q.at("value").get<double>());
  if (q.contains("range"))
    out += fmt::format(" <span class=muted>({}–{})</span>",
                       fmt::format(fmt::runtime(format), q.at("range").at(0).get<double>()),
                       fmt::format(fmt::runtime(format), q.at("range").at(1).get<double>()));
  return out;
}

}  // namespace

Citations::Citations(const Json& sources) : sources_(sources.is_array() ? sources : Json::array()) {
  int n = 0;
  for (const auto& s : sources_) number_[s.at("key").get<std::string>()] = ++n;
}

std::string Citations::cite(const Json& keys) const {
  if (!keys.is_array() || keys.empty()) return "";
  std::vector<std::string> marks;
  std::vector<std::string> seen;
  for (const auto& k : keys) {
    const std::string key = k.get<std::string>();
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    const auto it = number_.find(key);
    if (it == number_.end())
      marks.push_back(escape_html(key));  // e.g. "input_file" of an imported CSV
    else
      marks.push_back(fmt::format(R"(<a href="#src-{}">{}</a>)", escape_html(key), it->second));
  }
  return fmt::format("<sup class=cite>[{}]</sup>", fmt::join(marks, ", "));
}

std::string Citations::bibliography() const {
  if (sources_.empty()) return "";
  std::string out = "<h2 id=sources>Sources</h2><ol class=bib>";
  for (const auto& s : sources_) {
    std::string entry;
    if (!s.value("author", "").empty())
      entry += escape_html(s.at("author").get<std::string>()) + ". ";
    if (!s.value("date", "").empty())
      entry += fmt::format("({}). ", escape_html(s.at("date").get<std::string>()));
    entry +=
        fmt::format("<i>{}</i>.", escape_html(s.value("title", s.at("key").get<std::string>())));
    if (!s.value("kind", "").empty())
      entry += fmt::format(" {}.", escape_html(s.at("kind").get<std::string>()));
    if (!s.value("note", "").empty())
      entry += fmt::format(" {}.", escape_html(s.at("note").get<std::string>()));
    if (!s.value("url", "").empty())
      entry +=
          fmt::format(R"( <a href="{0}">{0}</a>)", escape_html(s.at("url").get<std::string>()));
    out += fmt::format(R"(<li id="src-{}">{} <span class=muted>[{}]</span></li>)",
                       escape_html(s.at("key").get<std::string>()), entry,
                       escape_html(s.at("key").get<std::string>()));
  }
  return out + "</ol>";
}

std::vector<std::string> actor_ids(const Json& run) {
  std::vector<std::string> ids;
  if (run.contains("inputs"))
    for (const auto& a : run.at("inputs").at("actors"))
      ids.push_back(a.at("id").get<std::string>());
  for (const auto& r : run.at("runs"))  // actors only the runs name (older result files)
    for (const auto& ir : r.at("issues"))
      for (const auto& a : ir.at("actors"))
        if (std::find(ids.begin(), ids.end(), a.get<std::string>()) == ids.end())
          ids.push_back(a.get<std::string>());
  return ids;
}

std::string title_page(const Json& run, const std::vector<std::string>& contents) {
  const auto& sc = run.at("scenario");
  const std::string description =
      run.contains("inputs") ? run.at("inputs").value("description", "") : "";
  std::vector<std::string> models;
  for (const auto& r : run.at("runs"))
    models.push_back(
        escape_html(r.at("model").get<std::string>() + ":" + r.at("variant").get<std::string>()));
  std::string out = fmt::format(
      "<header class=title-page><p class=kicker>statecraft brief</p><h1>{}</h1>"
      "<p class=question>{}</p><p><b>Situation as of:</b> {}</p><p><b>Scenario:</b> {} "
      "<span class=muted>({})</span></p><p><b>Models:</b> {}</p><p class=muted>statecraft "
      "{}</p><nav><b>Contents</b><ol>",
      escape_html(sc.value("title", sc.at("id").get<std::string>())), escape_html(description),
      escape_html(sc.value("as_of", "not stated")), escape_html(sc.at("id").get<std::string>()),
      escape_html(sc.value("origin", "")), fmt::join(models, ", "),
      escape_html(run.at("statecraft").get<std::string>()));
  for (const auto& c : contents) out += fmt::format("<li>{}</li>", c);
  return out + "</ol></nav></header>";
}

std::string inputs_section(const Json& run, const Citations& cite, const Palette& palette) {
  if (!run.contains("inputs"))
    return "<h2 id=inputs>Inputs</h2><p class=muted>This result file carries no inputs (written "
           "by an older statecraft); run the scenario again for the input tables.</p>";
  const Json& in = run.at("inputs");
  std::string out =
      "<h2 id=inputs>Inputs</h2><p class=muted>Every number with its sources (bracketed numbers "
      "refer to the list of sources at the end); ranges in brackets are what Monte Carlo draws "
      "from. Salience: how much the issue matters to the actor, 0–100 ";
  out += in.value("salience_basis", "independent") == "budget"
             ? "(a shared budget: each actor's saliences sum to at most 100).</p>"
             : "(each issue on its own).</p>";
  out +=
      "<h3>Actors</h3><table><tr><th>actor</th><th>name</th><th>capability</th><th>note</th></tr>";
  for (const auto& a : in.at("actors")) {
    const std::string id = a.at("id").get<std::string>();
    out += fmt::format(
        R"(<tr><td><i class=sw style="background:{}"></i>{}</td><td>{}</td><td class=num>{}{}</td><td class=small>{}</td></tr>)",
        palette.style(id).colour, escape_html(id), escape_html(a.value("name", "")),
        quantity(a.at("capability")), cite.cite(a.at("capability").at("sources")),
        escape_html(a.value("note", "")));
  }
  out += "</table>";
  for (std::size_t i = 0; i < in.at("issues").size() && i < run.at("issues").size(); ++i) {
    const Json& is = in.at("issues").at(i);
    const Json& head = run.at("issues").at(i);
    const ScaleInfo scale = scale_of(head);
    out += fmt::format("<h3>{} <span class=muted>({})</span></h3>",
                       escape_html(head.value("name", "")),
                       escape_html(is.at("id").get<std::string>()));
    if (!is.value("description", "").empty())
      out += fmt::format("<p>{}</p>", escape_html(is.at("description").get<std::string>()));
    out += fmt::format("<p class=scale><b>Scale:</b> {:g} = <i>{}</i> … {:g} = <i>{}</i>.</p>",
                       scale.min, escape_html(scale.low), scale.max, escape_html(scale.high));
    if (is.at("status_quo").is_object())
      out += fmt::format("<p><b>Status quo:</b> {}{}</p>", quantity(is.at("status_quo"), "{:.1f}"),
                         cite.cite(is.at("status_quo").at("sources")));
    else
      out += "<p><b>Status quo:</b> not stated</p>";
    if (!is.at("institution").is_null()) {
      std::string holders;
      for (const auto& inst : in.at("institutions"))
        if (inst.at("id") == is.at("institution"))
          holders = fmt::format(
              "{} ({}; veto holders: {}){}", escape_html(inst.value("name", "")),
              escape_html(inst.value("kind", "")),
              escape_html(fmt::format(
                  "{}", fmt::join(inst.at("veto_holders").get<std::vector<std::string>>(), ", "))),
              cite.cite(inst.at("sources")));
      out += fmt::format("<p><b>Institution:</b> {}</p>", holders);
    }
    out +=
        "<table><tr><th>actor</th><th>position</th><th>salience</th><th>capability "
        "here</th><th>sources</th></tr>";
    for (const auto& st : is.at("stances")) {
      const std::string id = st.at("actor").get<std::string>();
      Json keys = st.at("position").at("sources");
      for (const auto& k : st.at("salience").at("sources")) keys.push_back(k);
      out += fmt::format(
          R"(<tr><td><i class=sw style="background:{}"></i>{}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{}</td><td>{}{}</td></tr>)",
          palette.style(id).colour, escape_html(id), quantity(st.at("position"), "{:.1f}"),
          quantity(st.at("salience"), "{:.1f}"),
          st.contains("capability") ? quantity(st.at("capability")) : std::string("—"),
          cite.cite(keys),
          st.contains("note") ? fmt::format(" <span class=small>{}</span>",
                                            escape_html(st.at("note").get<std::string>()))
                              : std::string());
    }
    std::vector<std::string> absent;
    for (const auto& a : in.at("actors")) {
      const bool has = std::any_of(is.at("stances").begin(), is.at("stances").end(),
                                   [&](const Json& st) { return st.at("actor") == a.at("id"); });
      if (!has) absent.push_back(a.at("id").get<std::string>());
    }
    out += "</table>";
    if (!absent.empty())
      out += fmt::format("<p class=muted>Sitting out this issue: {}.</p>",
                         escape_html(fmt::format("{}", fmt::join(absent, ", "))));
  }
  return out;
}

std::string interventions_section(const Json& run, const Citations& cite) {
  if (!run.contains("inputs") || run.at("inputs").at("interventions").empty()) return "";
  std::string out =
      "<h2 id=interventions>Interventions the scenario defines</h2><dl class=interventions>";
  for (const auto& iv : run.at("inputs").at("interventions"))
    out +=
        fmt::format("<dt>{} <span class=muted>({})</span></dt><dd>{}{}</dd>",
                    escape_html(iv.value("name", "")), escape_html(iv.at("id").get<std::string>()),
                    escape_html(iv.at("in_words").get<std::string>()), cite.cite(iv.at("sources")));
  return out + "</dl>";
}

}  // namespace statecraft::report
