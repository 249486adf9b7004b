// The applications of one group commit, locked and read by the unit of
// work, as the group's events change them (ReportCommitter).
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "domain/incident.h"
#include "storage/unit_of_work.h"

namespace hookwarden::ingest {

// One locked application of the group, as its events change it.
struct GroupApplication {
  TrackedApplication* tracked = nullptr;
  // Its open incident: the one its rules opened, else its oldest open
  // alert's.
  std::shared_ptr<const Incident> open;
  std::shared_ptr<const Incident> open_alert;
  bool touched = false;  // An accepted event went through its rules.
  // Where the incident its rules opened in this group, and that is still
  // open, is among the group's incident writes (kNoRow: there is none).
  static constexpr size_t kNoRow = static_cast<size_t>(-1);
  size_t rules_incident_row = kNoRow;
  bool in_maintenance = false;
};

// The group's applications by id. The events of a report are mostly of one
// application: the last one found is answered again without hashing.
class GroupApplications {
 public:
  // Adds an application with id `id`, which must outlive this (it is the
  // locked application's own). Addresses stay valid as more are added.
  GroupApplication& Add(std::string_view id) {
    list_.emplace_back();
    by_id_[id] = list_.size() - 1;
    return list_.back();
  }
  // The application with that id, or null when the group has none.
  GroupApplication* Find(std::string_view id) {
    if (last_ != nullptr && id == last_id_) return last_;
    auto found = by_id_.find(id);
    if (found == by_id_.end()) return nullptr;
    last_id_ = found->first;
    last_ = &list_[found->second];
    return last_;
  }
  // In the order they were added.
  const std::deque<GroupApplication>& all() const { return list_; }

 private:
  std::deque<GroupApplication> list_;  // Stable addresses.
  std::unordered_map<std::string_view, size_t> by_id_;
  std::string_view last_id_;
  GroupApplication* last_ = nullptr;
};

}  // namespace hookwarden::ingest
