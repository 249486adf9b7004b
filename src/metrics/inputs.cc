#include "metrics/inputs.h"

namespace hookwarden::metrics {

void Inputs::Merge(const Inputs& o) {
  slices.insert(slices.end(), o.slices.begin(), o.slices.end());
  incidents.insert(incidents.end(), o.incidents.begin(), o.incidents.end());
  deploys.insert(deploys.end(), o.deploys.begin(), o.deploys.end());
  runs.insert(runs.end(), o.runs.begin(), o.runs.end());
}

Result<Inputs> ReadInputs(EventStore& store, const std::string& application_id,
                          const Window& w, bool minutes_only) {
  EventStore::ReliabilityQuery q;
  q.application_id = application_id;
  q.from = w.from;
  q.to = w.to;
  q.minutes_only = minutes_only;
  q.incidents_opened_before = w.to + kChangeFailureMillis;
  auto data = store.ReadReliabilityData(q);
  if (!data.ok()) return data.status();
  Inputs in;
  in.deploys = MarkDeploys(std::move(data->deploys), data->next_deploy_at,
                           data->incidents);
  in.slices = std::move(data->aggregates);
  in.incidents = std::move(data->incidents);
  in.runs = std::move(data->runs);
  return in;
}

}  // namespace hookwarden::metrics
