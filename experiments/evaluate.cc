#include "experiments/evaluate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/errors.h"
#include "core/parallel.h"

namespace statecraft {

long date_days(const std::string& iso) {
  auto digits = [&](std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t k = from; k < from + n; ++k) {
      if (k >= iso.size() || iso[k] < '0' || iso[k] > '9')
        throw OptionError("date",
                          fmt::format("expected YYYY, YYYY-MM or YYYY-MM-DD, got '{}'", iso));
      v = 10 * v + (iso[k] - '0');
    }
    return v;
  };
  if (iso.size() != 4 && iso.size() != 7 && iso.size() != 10) digits(iso.size(), 1);  // throws
  int y = digits(0, 4), m = iso.size() >= 7 ? digits(5, 2) : 1,
      d = iso.size() >= 10 ? digits(8, 2) : 1;
  // Days from civil (H. Hinnant's algorithm).
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

namespace {

using Preds = std::vector<std::optional<Prediction>>;

// The capability x salience weighted mean of the stated positions.
std::optional<double> compromise_value(const Scenario& s, std::size_t issue) {
  const IssueData d = issue_data(s, issue);
  double sum = 0, weight = 0;
  for (std::size_t k = 0; k < d.position.size(); ++k) {
    sum += d.capability[k] * d.salience[k] * d.position[k];
    weight += d.capability[k] * d.salience[k];
  }
  if (!(weight > 0)) return std::nullopt;
  return sum / weight;
}

std::optional<double> stated_position(const Scenario& s, std::size_t issue, std::size_t actor) {
  for (const auto& st : s.issues[issue].stances)
    if (st.actor == actor) return st.position.value;
  return std::nullopt;
}

struct CaseTargets {
  std::vector<Target> targets;
  std::vector<const Outcome*> outcomes;
  bool in_sample = false;
  int beyond_horizon = 0;
};

CaseTargets select_targets(const Case& c, const EvaluateOptions& o) {
  const Scenario& s = *c.scenario;
  CaseTargets out;
  const bool dated = !s.as_of.empty();
  const long as_of = dated ? date_days(s.as_of) : 0;
  std::vector<const Outcome*> after, before;
  for (const auto& oc : c.outcomes)
    (dated && date_days(oc.date) <= as_of ? before : after).push_back(&oc);
  std::vector<const Outcome*> chosen = after;
  if (after.empty() && o.allow_in_sample) {
    chosen = before;
    out.in_sample = true;
  }
  // The scenario's own outcomes up to as_of are history too (persistence reads them).
  if (&c.outcomes != &s.outcomes)
    for (const auto& oc : s.outcomes)
      if (dated && date_days(oc.date) <= as_of) before.push_back(&oc);
  const std::optional<double> horizon = o.max_horizon ? o.max_horizon : c.horizon_years;
  for (const Outcome* oc : chosen) {
    Target t;
    t.case_id = c.id;
    const Issue& is = s.issues[oc->issue];
    t.issue = is.id;
    if (oc->actor) t.actor = s.actors[*oc->actor].id;
    t.date = oc->date;
    t.horizon_years = dated ? double(date_days(oc->date) - as_of) / 365.25 : 0;
    if (horizon && t.horizon_years > *horizon + 1e-9) {
      ++out.beyond_horizon;
      continue;
    }
    t.value = oc->value;
    t.scale_min = is.scale.min;
    t.scale_max = is.scale.max;
    // Persistence, "nothing changes": out of sample, the snapshot's own reading at as_of
    // (the issue's status quo, or the actor's stated position) — it is the newest evidence
    // public at that date; an older recorded outcome is the fallback. In sample (the
    // snapshot's own outcomes, which its reading may already reflect), the last observation
    // before the target, else that reading.
    const Outcome* last = nullptr;
    for (const Outcome* h : before)
      if (h != oc && h->issue == oc->issue && h->actor == oc->actor &&
          date_days(h->date) <= date_days(oc->date) &&
          (!out.in_sample || date_days(h->date) < date_days(oc->date)) &&
          (!last || date_days(h->date) >= date_days(last->date)))
        last = h;
    std::optional<double> reading;
    if (!oc->actor && is.status_quo)
      reading = is.status_quo->value;
    else if (oc->actor)
      reading = stated_position(s, oc->issue, *oc->actor);
    if (out.in_sample)
      t.reference = last ? std::optional<double>(last->value) : reading;
    else
      t.reference = reading ? reading : last ? std::optional<double>(last->value) : std::nullopt;
    out.targets.push_back(std::move(t));
    out.outcomes.push_back(oc);
  }
  return out;
}

std::optional<Prediction> model_prediction(const ModelForecast& f, const Outcome& oc) {
  if (!f.error.empty() || oc.issue >= f.outcome.size()) return std::nullopt;
  Prediction p;
  if (!oc.actor) {
    p.point = f.outcome[oc.issue];
    if (oc.issue < f.outcome_samples.size()) p.samples = f.outcome_samples[oc.issue];
    return p;
  }
  const auto it = f.position[oc.issue].find(*oc.actor);
  if (it == f.position[oc.issue].end()) return std::nullopt;  // the actor sits this issue out
  p.point = it->second;
  if (oc.issue < f.position_samples.size()) {
    const auto s = f.position_samples[oc.issue].find(*oc.actor);
    if (s != f.position_samples[oc.issue].end()) p.samples = s->second;
  }
  return p;
}

// Everything the scores need, one slot per target.
struct Collected {
  std::vector<Target> targets;
  std::vector<int> group;  // case index
  std::vector<std::string> labels;
  std::vector<Preds> models;  // [model][target]
  Preds persistence, status_quo, compromise;
  Json cases = Json::array();
  int ncases = 0;
};

Collected collect(const std::vector<Case>& cases, const ForecastFn& forecast,
                  const EvaluateOptions& o) {
  std::vector<CaseTargets> selected(cases.size());
  std::vector<std::vector<ModelForecast>> forecasts(cases.size());
  for (std::size_t c = 0; c < cases.size(); ++c) selected[c] = select_targets(cases[c], o);
  parallel_for(cases.size(), o.threads, [&](std::size_t c) {
    if (!selected[c].targets.empty()) forecasts[c] = forecast(*cases[c].scenario);
  });
  Collected out;
  out.ncases = int(cases.size());
  std::map<std::pair<std::size_t, std::size_t>, int> group_ids;  // (case, issue) -> fold unit
  for (std::size_t c = 0; c < cases.size(); ++c) {
    const Scenario& s = *cases[c].scenario;
    const CaseTargets& sel = selected[c];
    Json info = {{"id", cases[c].id},
                 {"scenario", s.id},
                 {"as_of", s.as_of},
                 {"outcomes", cases[c].outcomes.size()},
                 {"scored", sel.targets.size()}};
    if (sel.in_sample) info["in_sample"] = true;
    if (sel.beyond_horizon) info["beyond_horizon"] = sel.beyond_horizon;
    if (sel.targets.empty())
      info["skipped"] = cases[c].outcomes.empty()
                            ? "no outcomes"
                            : "no outcome dated after as_of within the horizon";
    if (!sel.targets.empty()) {
      std::vector<std::string> labels;
      for (const auto& f : forecasts[c]) labels.push_back(f.label);
      if (out.labels.empty() && out.targets.empty()) {
        out.labels = labels;
        out.models.assign(labels.size(), {});
      } else if (labels != out.labels) {
        throw std::logic_error("evaluate: the forecast function changed its models between cases");
      }
      Json errors = Json::object();
      for (const auto& f : forecasts[c])
        if (!f.error.empty()) errors[f.label] = f.error;
      if (!errors.empty()) info["model_errors"] = errors;
      Json notes = Json::object();
      for (const auto& f : forecasts[c])
        if (!f.note.empty()) notes[f.label] = f.note;
      if (!notes.empty()) info["model_notes"] = notes;
    }
    out.cases.push_back(info);
    for (std::size_t k = 0; k < sel.targets.size(); ++k) {
      const Outcome& oc = *sel.outcomes[k];
      const Target& t = sel.targets[k];
      out.targets.push_back(t);
      if (o.folds_by_issue) {
        const auto key = std::make_pair(c, oc.issue);
        if (!group_ids.count(key)) group_ids.emplace(key, int(group_ids.size()));
        out.group.push_back(group_ids.at(key));
      } else {
        out.group.push_back(int(c));
      }
      for (std::size_t m = 0; m < out.labels.size(); ++m)
        out.models[m].push_back(model_prediction(forecasts[c][m], oc));
      auto point = [](std::optional<double> v) {
        return v ? std::optional<Prediction>(Prediction{*v, {}, {}, {}}) : std::nullopt;
      };
      out.persistence.push_back(point(t.reference));
      out.status_quo.push_back(
          point(!oc.actor && s.issues[oc.issue].status_quo
                    ? std::optional<double>(s.issues[oc.issue].status_quo->value)
                    : std::nullopt));
      out.compromise.push_back(point(compromise_value(s, oc.issue)));
    }
  }
  if (o.folds_by_issue) out.ncases = int(group_ids.size());
  if (out.targets.empty())
    throw OptionError("outcomes",
                      "no outcome to score: every case lacks outcomes dated after its "
                      "as_of (within the horizon)");
  return out;
}

std::optional<Prediction> ensemble_prediction(const Collected& d, std::size_t t,
                                              const std::vector<double>& w, std::size_t size) {
  std::vector<std::optional<double>> points;
  std::vector<std::vector<double>> own(d.models.size());
  std::vector<const std::vector<double>*> samples;
  for (std::size_t m = 0; m < d.models.size(); ++m) {
    const auto& p = d.models[m][t];
    points.push_back(p ? std::optional<double>(p->point) : std::nullopt);
    // A model without Monte Carlo samples enters the mixture as its point forecast.
    if (p) own[m] = p->samples.empty() ? std::vector<double>{p->point} : p->samples;
    samples.push_back(p ? &own[m] : nullptr);
  }
  const auto point = combine_points(w, points);
  if (!point) return std::nullopt;
  return Prediction{*point, mixture_samples(w, samples, size), {}, {}};
}

std::vector<double> complete_row(const Collected& d, std::size_t t, bool& complete) {
  std::vector<double> row;
  complete = true;
  for (const auto& m : d.models) {
    if (!m[t]) {
      complete = false;
      return {};
    }
    row.push_back(d.targets[t].to_pct(m[t]->point));
  }
  return row;
}

StackingData stacking_data(const Collected& d) {
  StackingData data;
  for (std::size_t t = 0; t < d.targets.size(); ++t) {
    bool complete = false;
    auto row = complete_row(d, t, complete);
    if (!complete) continue;
    data.x.push_back(std::move(row));
    data.y.push_back(d.targets[t].to_pct(d.targets[t].value));
    data.group.push_back(d.group[t]);
  }
  data.groups = d.ncases;
  return data;
}

struct Method {
  std::string name, kind;  // kind: model, ensemble, baseline
  Preds predictions;
  bool out_of_fold = false;
  Json extra = Json::object();
};

Preds masked(const Preds& p, const Preds& by) {
  Preds out(p.size());
  for (std::size_t t = 0; t < p.size(); ++t)
    if (by[t]) out[t] = p[t];
  return out;
}

std::string bucket_name(const std::vector<double>& edges, std::size_t b) {
  if (b == 0) return fmt::format("<= {}y", edges[0]);
  if (b == edges.size()) return fmt::format("> {}y", edges.back());
  return fmt::format("{}-{}y", edges[b - 1], edges[b]);
}

std::size_t bucket_of(const std::vector<double>& edges, double years) {
  std::size_t b = 0;
  while (b < edges.size() && years > edges[b] + 1e-9) ++b;
  return b;
}

Json rows_json(const Collected& d, const Preds& p, const ScoreOptions& o) {
  Json rows = Json::array();
  for (std::size_t t = 0; t < p.size(); ++t) {
    if (!p[t]) continue;
    const Target& tg = d.targets[t];
    const double err = p[t]->point - tg.value;
    const double pct = 100 * std::abs(err) / (tg.scale_max - tg.scale_min);
    Json r = {{"case", tg.case_id}, {"issue", tg.issue}};
    if (tg.actor) r["actor"] = *tg.actor;
    r.update({{"date", tg.date},
              {"horizon_years", tg.horizon_years},
              {"outcome", tg.value},
              {"forecast", p[t]->point},
              {"error", err},
              {"error_pct_of_scale", pct},
              {"hit", pct <= o.tolerance_pct + 1e-12}});
    if (tg.reference) {
      r["reference"] = *tg.reference;
      if (tg.value != *tg.reference)
        r["direction_right"] = (p[t]->point - *tg.reference) * (tg.value - *tg.reference) > 0;
    }
    auto i50 = p[t]->interval50, i90 = p[t]->interval90;
    if (!p[t]->samples.empty()) {
      if (!i50) i50 = central_interval(p[t]->samples, 0.5);
      if (!i90) i90 = central_interval(p[t]->samples, 0.9);
      r["crps_pct_of_scale"] =
          100 * crps_samples(p[t]->samples, tg.value) / (tg.scale_max - tg.scale_min);
      r["pit"] = pit_value(p[t]->samples, tg.value);
    }
    if (i50) r["interval50"] = {i50->first, i50->second};
    if (i90) r["interval90"] = {i90->first, i90->second};
    rows.push_back(r);
  }
  return rows;
}

Json method_json(const Collected& d, const Method& m, const EvaluateOptions& o) {
  const Scores s = score(d.targets, m.predictions, o.score);
  Json j = {{"method", m.name}, {"kind", m.kind}};
  j.update(to_json(s, o.score));
  if (m.out_of_fold) j["out_of_fold"] = true;
  // Skill against persistence on the outcomes both forecast.
  const Scores mine = score(d.targets, masked(m.predictions, d.persistence), o.score);
  const Scores base = score(d.targets, masked(d.persistence, m.predictions), o.score);
  if (mine.n) {
    Json sk = {{"n", mine.n}};
    if (auto v = skill(mine.mae_pct, base.mae_pct)) sk["mae"] = *v;
    if (auto v = skill(mine.crps_pct, base.crps_pct)) sk["crps"] = *v;
    j["skill_vs_persistence"] = sk;
  }
  Json horizons = Json::array();
  for (std::size_t b = 0; b <= o.horizon_edges.size(); ++b) {
    Preds in(m.predictions.size());
    for (std::size_t t = 0; t < in.size(); ++t)
      if (bucket_of(o.horizon_edges, d.targets[t].horizon_years) == b) in[t] = m.predictions[t];
    const Scores hs = score(d.targets, in, o.score);
    if (!hs.n) continue;
    Json h = {{"horizon", bucket_name(o.horizon_edges, b)}};
    h.update(to_json(hs, o.score));
    h.erase("pit");
    horizons.push_back(h);
  }
  j["horizons"] = horizons;
  if (m.extra.is_object()) j.update(m.extra);
  if (o.rows) j["outcomes"] = rows_json(d, m.predictions, o.score);
  return j;
}

// Conformal intervals around `base` for targets in fold f, from the residuals elsewhere.
void add_conformal(const Collected& d, const std::vector<int>& fold_of_target, Preds& p,
                   const std::vector<double>& levels) {
  std::vector<double> residual(d.targets.size(), -1);
  for (std::size_t t = 0; t < p.size(); ++t)
    if (p[t])
      residual[t] =
          std::abs(d.targets[t].to_pct(p[t]->point) - d.targets[t].to_pct(d.targets[t].value));
  const int folds = fold_of_target.empty()
                        ? 0
                        : *std::max_element(fold_of_target.begin(), fold_of_target.end()) + 1;
  for (int f = 0; f < folds; ++f) {
    std::vector<double> calibration;
    for (std::size_t t = 0; t < p.size(); ++t)
      if (fold_of_target[t] != f && residual[t] >= 0) calibration.push_back(residual[t]);
    const ConformalBand band = calibrate_conformal(calibration, levels);
    for (std::size_t t = 0; t < p.size(); ++t) {
      if (fold_of_target[t] != f || !p[t]) continue;
      const Target& tg = d.targets[t];
      p[t]->interval50 =
          conformal_interval(p[t]->point, *band.half_width(0.5), tg.scale_min, tg.scale_max);
      p[t]->interval90 =
          conformal_interval(p[t]->point, *band.half_width(0.9), tg.scale_min, tg.scale_max);
      p[t]->samples = conformal_samples(p[t]->point, calibration, tg.scale_min, tg.scale_max);
    }
  }
}

Json conformal_report(const Collected& d, const Preds& p, const EvaluateOptions& o,
                      const std::string& calibration) {
  const Scores s = score(d.targets, p, o.score);
  return {{"calibration", calibration},
          {"n", s.coverage_n},
          {"levels",
           {{{"nominal", 0.5}, {"achieved", s.coverage50}},
            {{"nominal", 0.9}, {"achieved", s.coverage90}}}}};
}

}  // namespace

Json evaluate(const std::vector<Case>& cases, const ForecastFn& forecast,
              const EvaluateOptions& o) {
  if (!(o.score.tolerance_pct > 0 && o.score.tolerance_pct <= 100))
    throw OptionError("--tolerance", "expected a percentage in (0, 100]");
  const Collected d = collect(cases, forecast, o);
  const std::size_t nt = d.targets.size();
  std::vector<Method> methods;
  for (std::size_t m = 0; m < d.labels.size(); ++m)
    methods.push_back({d.labels[m], "model", d.models[m], false, {}});
  const std::vector<double> equal = equal_weights(d.labels).weights;
  Method average{"ensemble: average (mixture)", "ensemble", Preds(nt), false, {}};
  for (std::size_t t = 0; t < nt; ++t)
    average.predictions[t] = ensemble_prediction(d, t, equal, o.mixture_size);
  methods.push_back(average);
  Json ensemble_info;
  const std::vector<double> levels = {0.5, 0.9};
  if (o.weights) {
    const std::vector<double> w = weights_for(*o.weights, d.labels);
    Method fixed{"ensemble: weights of " + (o.weights->origin.empty() ? "file" : o.weights->origin),
                 "ensemble",
                 Preds(nt),
                 false,
                 {}};
    for (std::size_t t = 0; t < nt; ++t)
      fixed.predictions[t] = ensemble_prediction(d, t, w, o.mixture_size);
    methods.push_back(fixed);
    ensemble_info = to_json(*o.weights);
    const auto h50 = o.weights->conformal.half_width(0.5),
               h90 = o.weights->conformal.half_width(0.9);
    if (h50 && h90) {
      Method conf{"ensemble + conformal (" + o.weights->origin + ")",
                  "ensemble",
                  fixed.predictions,
                  false,
                  {}};
      for (std::size_t t = 0; t < nt; ++t)
        if (auto& p = conf.predictions[t]) {
          p->samples.clear();
          p->interval50 =
              conformal_interval(p->point, *h50, d.targets[t].scale_min, d.targets[t].scale_max);
          p->interval90 =
              conformal_interval(p->point, *h90, d.targets[t].scale_min, d.targets[t].scale_max);
        }
      conf.extra["conformal"] = conformal_report(d, conf.predictions, o, "the weights file");
      methods.push_back(conf);
    }
  } else {
    std::set<int> groups(d.group.begin(), d.group.end());
    const StackingData data = stacking_data(d);
    std::set<int> complete_groups(data.group.begin(), data.group.end());
    if (complete_groups.size() >= 2 && o.fit.folds >= 2) {
      const int ncases = d.ncases;
      const std::vector<int> fold_of_case = assign_folds(ncases, o.fit.folds, o.fit.seed);
      std::vector<int> fold_of_target(nt);
      for (std::size_t t = 0; t < nt; ++t)
        fold_of_target[t] = fold_of_case[std::size_t(d.group[t])];
      const int folds = std::max(1, std::min(o.fit.folds, ncases));
      Method stacked{"ensemble: stacked (out of fold)", "ensemble", Preds(nt), true, {}};
      for (int f = 0; f < folds; ++f) {
        StackingData train;
        for (std::size_t r = 0; r < data.y.size(); ++r)
          if (fold_of_case[std::size_t(data.group[r])] != f) {
            train.x.push_back(data.x[r]);
            train.y.push_back(data.y[r]);
          }
        const std::vector<double> w =
            train.y.empty() ? equal : fit_simplex_weights(train.x, train.y);
        for (std::size_t t = 0; t < nt; ++t)
          if (fold_of_target[t] == f)
            stacked.predictions[t] = ensemble_prediction(d, t, w, o.mixture_size);
      }
      const EnsembleWeights fitted = fit_ensemble(data, d.labels, o.fit);
      ensemble_info = to_json(fitted);
      const bool use_stacking = fitted.method == "stacking";
      methods.push_back(stacked);
      Method conf{std::string("ensemble + conformal (out of fold, ") +
                      (use_stacking ? "stacked" : "average") + ")",
                  "ensemble",
                  use_stacking ? stacked.predictions : average.predictions,
                  true,
                  {}};
      add_conformal(d, fold_of_target, conf.predictions, levels);
      conf.extra["conformal"] = conformal_report(
          d, conf.predictions, o,
          fmt::format("split conformal per fold: each fold's intervals from the other {} folds' "
                      "absolute residuals",
                      folds - 1));
      methods.push_back(conf);
    } else {
      ensemble_info = to_json(equal_weights(d.labels));
      ensemble_info["note"] = fmt::format(
          "no fit: cross-validation needs outcomes from at least two cases with every "
          "model's forecast (have {})",
          complete_groups.size());
    }
  }
  methods.push_back({"persistence", "baseline", d.persistence, false, {}});
  methods.push_back({"status quo", "baseline", d.status_quo, false, {}});
  methods.push_back(
      {"compromise (capability x salience mean)", "baseline", d.compromise, false, {}});
  Json out_methods = Json::array();
  for (const auto& m : methods) out_methods.push_back(method_json(d, m, o));
  Json edges = o.horizon_edges;
  return {{"tolerance_pct", o.score.tolerance_pct},
          {"targets", nt},
          {"horizon_edges_years", edges},
          {"cases", d.cases},
          {"ensemble", ensemble_info},
          {"methods", out_methods}};
}

EnsembleWeights fit_cases(const std::vector<Case>& cases, const ForecastFn& forecast,
                          const EvaluateOptions& o) {
  const Collected d = collect(cases, forecast, o);
  const StackingData data = stacking_data(d);
  return fit_ensemble(data, d.labels, o.fit);
}

}  // namespace statecraft
