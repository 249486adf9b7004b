// What the figures of one application (or of several together) are
// computed from: its aggregate slices, incidents, marked deploys and
// finished runs, read
// from the store in one snapshot.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/figures.h"
#include "storage/event_store.h"

namespace hookwarden::metrics {

struct Inputs {
  std::vector<AggregateSlice> slices;
  std::vector<Incident> incidents;
  std::vector<DeployMark> deploys;
  // Each application's incidents and maintenance, apart: an application's
  // maintenance excuses only its own incidents.
  struct Application {
    std::vector<Incident> incidents;
    std::vector<Span> maintenance;
  };
  std::vector<Application> applications;
  std::vector<FinishedRun> runs;

  // Adds another application's inputs (for product and organization totals:
  // their downtime is the time any of them was in an incident outside its
  // maintenance, their maintenance the time all of them were in one).
  void Merge(const Inputs& other);
  // The same, with the other's slices in `w` folded into one slice (and
  // those outside it left out): for inputs computed over `w` only, so that
  // the totals of many applications hold one slice each, not all of theirs.
  void MergeWithin(const Inputs& other, const Window& w);
  Figures Compute(const Window& w, int64_t now) const;
  // The inputs ReadInputs answers for an application without any data.
  static Inputs NothingRead();

 private:
  void MergeAllButSlices(const Inputs& other);
};

// The application's inputs for `w` (and any bucket of it): hour slices
// where whole hours fit unless `minutes_only`, the incidents that touch it
// or open in the hour after it, and its deploys in it, marked.
Result<Inputs> ReadInputs(EventStore& store, const std::string& application_id,
                          const Window& w, bool minutes_only);

// Each application's inputs of the organization for `w`, as ReadInputs
// reads them (not minutes only), all in one snapshot: `each` gets them once
// per application, in ascending order of application id, and may move from
// them; only a bounded batch of applications' inputs is held at a time.
// `each` runs inside the store's read: it must not call the store. Returns
// the read's failure, or `each`'s first.
using EachInputs =
    std::function<Status(const std::string& application_id, Inputs& inputs)>;
Status ReadOrganizationInputs(EventStore& store, std::string_view org_id,
                              const Window& w, const EachInputs& each);

}  // namespace hookwarden::metrics
