#include "metrics/inputs.h"

namespace hookwarden::metrics {

void Inputs::Merge(const Inputs& o) {
  slices.insert(slices.end(), o.slices.begin(), o.slices.end());
  MergeAllButSlices(o);
}

void Inputs::MergeWithin(const Inputs& o, const Window& w) {
  AggregateSlice sum{w.from, w.length(), {}};
  bool any = false;
  for (const AggregateSlice& s : o.slices) {
    if (s.start < w.from || s.start >= w.to) continue;
    sum.counts.Merge(s.counts);
    any = true;
  }
  if (any) slices.push_back(std::move(sum));
  MergeAllButSlices(o);
}

void Inputs::MergeAllButSlices(const Inputs& o) {
  incidents.insert(incidents.end(), o.incidents.begin(), o.incidents.end());
  deploys.insert(deploys.end(), o.deploys.begin(), o.deploys.end());
  applications.insert(applications.end(), o.applications.begin(),
                      o.applications.end());
  runs.insert(runs.end(), o.runs.begin(), o.runs.end());
}

Figures Inputs::Compute(const Window& w, int64_t now) const {
  std::vector<Span> down, maintenance;
  for (size_t i = 0; i < applications.size(); ++i) {
    const Application& a = applications[i];
    std::vector<Span> own = UnionOf(a.maintenance);
    std::vector<Span> charged = Without(IncidentSpans(a.incidents, now), own);
    down.insert(down.end(), charged.begin(), charged.end());
    maintenance = i == 0 ? own : Intersection(maintenance, own);
  }
  return metrics::Compute(w, now, slices, incidents, deploys, UnionOf(down),
                          maintenance, runs);
}

namespace {

EventStore::ReliabilityQuery QueryOf(const Window& w, bool minutes_only) {
  EventStore::ReliabilityQuery q;
  q.from = w.from;
  q.to = w.to;
  q.minutes_only = minutes_only;
  q.incidents_opened_before = w.to + kChangeFailureMillis;
  return q;
}

Inputs InputsOf(EventStore::ReliabilityData& data) {
  Inputs in;
  in.deploys =
      MarkDeploys(std::move(data.deploys), data.next_deploy_at, data.incidents);
  in.slices = std::move(data.aggregates);
  in.incidents = std::move(data.incidents);
  in.applications.push_back({in.incidents, std::move(data.maintenance)});
  in.runs = std::move(data.runs);
  return in;
}

}  // namespace

Inputs Inputs::NothingRead() {
  EventStore::ReliabilityData none;
  return InputsOf(none);
}

Result<Inputs> ReadInputs(EventStore& store, const std::string& application_id,
                          const Window& w, bool minutes_only) {
  EventStore::ReliabilityQuery q = QueryOf(w, minutes_only);
  q.application_id = application_id;
  auto data = store.ReadReliabilityData(q);
  if (!data.ok()) return data.status();
  return InputsOf(*data);
}

Status ReadOrganizationInputs(EventStore& store, std::string_view org_id,
                              const Window& w, const EachInputs& each) {
  return store.ReadOrganizationReliabilityData(
      org_id, QueryOf(w, false),
      [&](const std::string& application_id,
          EventStore::ReliabilityData& data) {
        Inputs in = InputsOf(data);
        return each(application_id, in);
      });
}

}  // namespace hookwarden::metrics
