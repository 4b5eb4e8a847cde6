#include "report/charts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace statecraft::report {
namespace {

// Truncates long words for an axis end (the full text is in the chart's title tooltip).
std::string shorten(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  return text.substr(0, cut) + "…";
}

std::string svg_open(double w, double h, const std::string& title) {
  return fmt::format(
      R"(<svg class=chart width="{0}" height="{1}" viewBox="0 0 {0} {1}" role="img" aria-label="{2}"><title>{2}</title>)",
      w, h, escape_html(title));
}

// Spreads labels apart vertically (at least `gap` between neighbours), keeping their order.
std::vector<double> spread(std::vector<double> y, double gap, double lo, double hi) {
  std::vector<std::size_t> order(y.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return y[a] < y[b]; });
  for (std::size_t k = 1; k < order.size(); ++k)
    y[order[k]] = std::max(y[order[k]], y[order[k - 1]] + gap);
  if (!order.empty() && y[order.back()] > hi) {
    y[order.back()] = hi;
    for (std::size_t k = order.size() - 1; k-- > 0;)
      y[order[k]] = std::min(y[order[k]], y[order[k + 1]] - gap);
  }
  for (auto& v : y) v = std::max(v, lo);
  return y;
}

}  // namespace

std::string num(double v) {
  std::string s = fmt::format("{:.1f}", v);
  return s == "-0.0" ? "0.0" : s;
}

ScaleInfo scale_of(const Json& issue) {
  const Json& s = issue.at("scale");
  return {s.at("min").get<double>(), s.at("max").get<double>(), s.value("low", ""),
          s.value("high", "")};
}

std::string trajectory_chart(const Json& issue_result, const ScaleInfo& scale,
                             const std::string& title, const Palette& palette) {
  const double w = 420, h = 250, left = 40, right = 64, top = 36, bottom = 46;
  const double lo = scale.min, hi = scale.max;
  const auto& traj = issue_result.at("trajectory");
  const std::size_t rounds = traj.size();
  auto X = [&](std::size_t r) {
    return left + (rounds > 1 ? double(r) / double(rounds - 1) : 0.5) * (w - left - right);
  };
  auto Y = [&](double v) { return top + (1 - (v - lo) / (hi - lo)) * (h - top - bottom); };
  std::string svg = svg_open(w, h, title + " — positions per round");
  svg += fmt::format(R"(<text x="0" y="13" class=t>{}</text>)", escape_html(title));
  svg += fmt::format(R"(<text x="{}" y="28" class=words>▲ {}</text>)", left,
                     escape_html(shorten(scale.high, 60)));
  svg += fmt::format(R"(<text x="{}" y="{}" class=words>▼ {}</text>)", left, h - 4,
                     escape_html(shorten(scale.low, 60)));
  svg += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#bbb"/>)",
                     left, top, w - left - right, h - top - bottom);
  for (double v : {lo, (lo + hi) / 2, hi})
    svg += fmt::format(R"(<text x="{}" y="{:.1f}" text-anchor="end">{}</text>)", left - 4, Y(v) + 4,
                       num(v));
  svg += fmt::format(
      R"(<text x="{}" y="{}">0</text><text x="{}" y="{}" text-anchor="end">{}</text><text x="{}" y="{}" text-anchor="middle">round</text>)",
      left, h - bottom + 13, w - right, h - bottom + 13, rounds - 1, (left + w - right) / 2,
      h - bottom + 13);
  const auto& actors = issue_result.at("actors");
  std::vector<double> label_y;
  for (std::size_t a = 0; a < actors.size(); ++a) {
    const std::string id = actors.at(a).get<std::string>();
    const ActorStyle& st = palette.style(id);
    const double last = traj.at(rounds - 1).at(a).get<double>();
    label_y.push_back(Y(last) + 4);
    if (rounds == 1) {  // no bargaining rounds: the positions as dots
      svg += fmt::format(
          R"(<circle cx="{:.1f}" cy="{:.1f}" r="5" fill="{}"><title>{}: {}</title></circle>)", X(0),
          Y(last), st.colour, escape_html(id), num(last));
      continue;
    }
    std::string points;
    for (std::size_t r = 0; r < rounds; ++r)
      points += fmt::format("{:.1f},{:.1f} ", X(r), Y(traj.at(r).at(a).get<double>()));
    svg += fmt::format(
        R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{} data-actor="{}"><title>{}</title></polyline>)",
        points, st.colour, st.dash.empty() ? "" : fmt::format(R"( stroke-dasharray="{}")", st.dash),
        escape_html(id), escape_html(id));
  }
  label_y = spread(label_y, 11, top + 4, h - bottom + 2);
  for (std::size_t a = 0; a < actors.size(); ++a) {
    const std::string id = actors.at(a).get<std::string>();
    svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" fill="{}" class=lab>{}</text>)",
                       w - right + 4 + (rounds == 1 ? -(w - right - X(0)) + 6 : 0), label_y[a],
                       palette.style(id).colour, escape_html(id));
  }
  const double outcome = issue_result.at("outcome").get<double>();
  svg += fmt::format(
      R"(<line x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" stroke="#000" stroke-dasharray="5,3"><title>forecast {}</title></line>)",
      left, w - right, Y(outcome), Y(outcome), num(outcome));
  return svg + "</svg>";
}

std::string scale_chart(const std::vector<IntervalRow>& rows, const ScaleInfo& scale,
                        const std::vector<Marker>& markers, const std::string& title) {
  const double w = 760, row_h = 22, left = 150, right = 24, top = 40;
  const double h = top + row_h * double(rows.size()) + 50;
  const double lo = scale.min, hi = scale.max;
  auto X = [&](double v) {
    return left + (std::clamp(v, lo, hi) - lo) / (hi - lo) * (w - left - right);
  };
  std::string svg = svg_open(w, h, title);
  svg += fmt::format(R"(<text x="0" y="13" class=t>{}</text>)", escape_html(title));
  // Markers along the top, labels staggered on two lines so neighbours do not collide.
  std::vector<Marker> sorted = markers;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Marker& a, const Marker& b) { return a.value < b.value; });
  for (std::size_t k = 0; k < sorted.size(); ++k) {
    const double x = X(sorted[k].value);
    svg += fmt::format(
        R"(<line x1="{0:.1f}" x2="{0:.1f}" y1="{1}" y2="{2}" stroke="{3}" stroke-width="1" stroke-dasharray="2,2"/><text x="{0:.1f}" y="{4}" text-anchor="middle" fill="{3}" class=lab>{5}<title>{5}: {6}</title></text>)",
        x, top - 4, top + row_h * double(rows.size()), sorted[k].colour, k % 2 ? 36 : 26,
        escape_html(sorted[k].label), num(sorted[k].value));
  }
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& r = rows[k];
    const double y = top + row_h * double(k) + row_h / 2;
    svg += fmt::format(R"(<text x="0" y="{:.1f}">{}</text>)", y + 4, escape_html(r.label));
    if (r.low && r.high)
      svg += fmt::format(
          R"(<line x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}" stroke="{}" stroke-opacity="0.45" stroke-width="8" stroke-linecap="round"><title>5–95%: {} – {}</title></line>)",
          X(*r.low), X(*r.high), y, y, r.colour, num(*r.low), num(*r.high));
    svg += fmt::format(
        R"(<circle cx="{:.1f}" cy="{:.1f}" r="5" fill="{}" stroke="#fff"><title>{}: {}</title></circle>)",
        X(r.point), y, r.colour, escape_html(r.label), num(r.point));
  }
  const double axis = top + row_h * double(rows.size()) + 4;
  svg += fmt::format(R"(<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#555"/>)", left, w - right,
                     axis, axis);
  for (double v : {lo, (lo + hi) / 2, hi})
    svg += fmt::format(
        R"(<line x1="{0:.1f}" x2="{0:.1f}" y1="{1}" y2="{2}" stroke="#555"/><text x="{0:.1f}" y="{3}" text-anchor="middle">{4}</text>)",
        X(v), axis, axis + 4, axis + 15, num(v));
  // The ends in words on two lines, so long descriptions never run into each other.
  svg += fmt::format(
      R"(<text x="{}" y="{}" class=words>◀ {} = {}</text><text x="{}" y="{}" text-anchor="end" class=words>{} = {} ▶</text>)",
      left, axis + 28, num(lo), escape_html(shorten(scale.low, 90)), w - right, axis + 41, num(hi),
      escape_html(shorten(scale.high, 90)));
  return svg + "</svg>";
}

double nice_span(double extent) {
  if (!(extent > 0)) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(extent)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= extent - 1e-12) return m * p;
  return 10 * p;
}

std::string shift_chart(const std::vector<IntervalRow>& rows, double span, const std::string& title,
                        const std::string& axis_label, const std::string& range_label,
                        const std::string& zero_label) {
  const double w = 640, row_h = 22, left = 150, right = 24, top = 24;
  const double h = top + row_h * double(rows.size()) + 40;
  auto X = [&](double v) {
    return left + (std::clamp(v, -span, span) + span) / (2 * span) * (w - left - right);
  };
  std::string svg = svg_open(w, h, title);
  svg += fmt::format(R"(<text x="0" y="13" class=t>{}</text>)", escape_html(title));
  const double bottom = top + row_h * double(rows.size());
  svg += fmt::format(
      R"(<line x1="{0:.1f}" x2="{0:.1f}" y1="{1}" y2="{2}" stroke="#000" stroke-width="1.5" class=zero><title>{3}</title></line>)",
      X(0), top - 4, bottom + 4, escape_html(zero_label));
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& r = rows[k];
    const double y = top + row_h * double(k) + row_h / 2;
    svg += fmt::format(R"(<text x="0" y="{:.1f}">{}</text>)", y + 4, escape_html(r.label));
    if (r.low && r.high)
      svg += fmt::format(
          R"(<line x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}" stroke="{}" stroke-opacity="0.45" stroke-width="8" stroke-linecap="round"><title>{}: {} – {}</title></line>)",
          X(*r.low), X(*r.high), y, y, r.colour, escape_html(range_label), num(*r.low),
          num(*r.high));
    svg += fmt::format(
        R"(<circle cx="{:.1f}" cy="{:.1f}" r="5" fill="{}" stroke="#fff"><title>{}: {:+.1f}</title></circle>)",
        X(r.point), y, r.colour, escape_html(r.label), r.point);
  }
  const double axis = bottom + 4;
  svg += fmt::format(R"(<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#555"/>)", left, w - right,
                     axis, axis);
  for (double v : {-span, -span / 2, 0.0, span / 2, span})
    svg += fmt::format(
        R"(<line x1="{0:.1f}" x2="{0:.1f}" y1="{1}" y2="{2}" stroke="#555"/><text x="{0:.1f}" y="{3}" text-anchor="middle">{4}</text>)",
        X(v), axis, axis + 4, axis + 15, v == 0 ? std::string("0") : fmt::format("{:+g}", v));
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" class=words>{}</text>)",
                     (left + w - right) / 2, axis + 30, escape_html(axis_label));
  return svg + "</svg>";
}

std::string escape_html(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace statecraft::report
